"""A strict reader for PHP's `serialize()` format, as WordPress stores some meta.

Only data comes out: null, booleans, integers, floats, strings and arrays (as
dicts, in order). Objects, references and custom serialisations are refused,
and so is anything malformed, too long or too deeply nested; nothing is ever
evaluated. String lengths count UTF-8 bytes, as PHP's do.

Why not a package: `phpserialize`, the one people know, last had a release in
2012, and its forks are young and little used; this grammar is small and
reading it strictly is the safer choice.
"""
MAX_DEPTH = 16
MAX_ITEMS = 10_000


class UnserializeError(ValueError):
    pass


def unserialize(text):
    """The value `text` (a str or UTF-8 bytes) serialises; raises UnserializeError."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    reader = _Reader(data)
    value = reader.value(0)
    if reader.position != len(data):
        raise UnserializeError(f"unexpected data after the value at byte {reader.position}")
    return value


class _Reader:
    def __init__(self, data):
        self.data = data
        self.position = 0

    def _until(self, delimiter):
        end = self.data.find(delimiter, self.position)
        if end == -1:
            raise UnserializeError(f"missing {delimiter.decode()!r} after byte {self.position}")
        token = self.data[self.position:end]
        self.position = end + 1
        return token.decode("ascii", errors="strict")

    def _expect(self, literal):
        if not self.data.startswith(literal, self.position):
            raise UnserializeError(f"expected {literal.decode()!r} at byte {self.position}")
        self.position += len(literal)

    def _int(self, token):
        if not token.lstrip("-+").isdigit():
            raise UnserializeError(f"not an integer: {token!r}")
        return int(token)

    def value(self, depth):
        if depth > MAX_DEPTH:
            raise UnserializeError("nested too deeply")
        kind = self.data[self.position:self.position + 2]
        self.position += 2
        if kind == b"N;":
            return None
        if kind == b"b:":
            token = self._until(b";")
            if token not in ("0", "1"):
                raise UnserializeError(f"not a boolean: {token!r}")
            return token == "1"
        if kind == b"i:":
            return self._int(self._until(b";"))
        if kind == b"d:":
            token = self._until(b";")
            try:
                return float(token)
            except ValueError:
                raise UnserializeError(f"not a number: {token!r}") from None
        if kind == b"s:":
            return self._string()
        if kind == b"a:":
            return self._array(depth)
        raise UnserializeError(f"unsupported or invalid value {kind.decode(errors='replace')!r}")

    def _string(self):
        length = self._int(self._until(b":"))
        self._expect(b'"')
        end = self.position + length
        if length < 0 or end > len(self.data):
            raise UnserializeError("string length runs past the end")
        raw = self.data[self.position:end]
        self.position = end
        self._expect(b'";')
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UnserializeError("string length does not fall on a character boundary") from None

    def _array(self, depth):
        count = self._int(self._until(b":"))
        if not 0 <= count <= MAX_ITEMS:
            raise UnserializeError(f"array of {count} items")
        self._expect(b"{")
        result = {}
        for _ in range(count):
            key = self.value(depth + 1)
            if not isinstance(key, (int, str)) or isinstance(key, bool):
                raise UnserializeError("array key is neither an integer nor a string")
            result[key] = self.value(depth + 1)
        self._expect(b"}")
        return result
