"""The one error the parser raises for input it cannot use."""


class PackError(ValueError):
    """A file that cannot be parsed, with the file's name and the problem."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self):  # raised in a worker process, it arrives whole
        return (type(self), (self.source, self.problem))
