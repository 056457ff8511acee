// Progressive enhancements for the timeline. Everything works without this file.
