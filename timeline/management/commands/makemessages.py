"""Django's makemessages, also finding strings marked with the project's `_lazy` alias.

The modules import `gettext_lazy as _lazy` beside `gettext as _` (both are
needed in one module); xgettext knows `_` and `gettext_lazy` but not the alias,
so without this the choice labels, field labels and help texts would never
reach the catalog.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
