"""One error type for the Stafettlogg's refusals: a reason code and its message."""


class CodedError(ValueError):
    """Raised with a reason code; ``message`` is its translatable text.

    Subclasses may bring their own ``messages`` (code -> message); every other
    code is looked up in the shared catalog, bti.portal.logs.messages.
    """

    messages: dict = {}

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self):
        if self.code in self.messages:
            return self.messages[self.code]
        from bti.portal.logs.messages import message  # noqa: PLC0415 (cycle)

        return message(self.code)
