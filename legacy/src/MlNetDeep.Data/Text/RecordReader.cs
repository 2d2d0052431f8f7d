using System.Text;

namespace MlNetDeep.Data.Text;

/// <summary>
/// Splits a UTF-8 byte stream into records and fields: separator, optional RFC 4180 quoting
/// (quoted fields may hold separators, doubled quotes and newlines), \n or \r\n line ends,
/// a leading BOM skipped. Field spans point into an internal buffer valid until the next
/// <see cref="Next"/>.
/// </summary>
internal sealed class RecordReader : IDisposable
{
    private readonly Stream _stream;
    private readonly byte _sep;
    private readonly bool _quoting, _trim;
    private byte[] _buf = new byte[1 << 20];
    private int _start, _end;
    private bool _eof, _first = true;
    private byte[] _unquoted = new byte[256];
    private readonly List<(int Start, int Length, bool Unquoted)> _fields = new();

    public RecordReader(Stream stream, char separator, bool quoting, bool trim)
    {
        if (separator > 127) throw new ArgumentException($"Separator '{separator}' must be an ASCII character.");
        _stream = stream;
        _sep = (byte)separator;
        _quoting = quoting;
        _trim = trim;
    }

    /// <summary>1-based line number where the current record starts.</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>Number of fields of the current record.</summary>
    public int FieldCount => _fields.Count;

    /// <summary>The bytes of field <paramref name="i"/> of the current record (quotes removed).</summary>
    public ReadOnlySpan<byte> Field(int i)
    {
        var (s, l, u) = _fields[i];
        return u ? _unquoted.AsSpan(s, l) : _buf.AsSpan(s, l);
    }

    /// <summary>Field <paramref name="i"/> as a string.</summary>
    public string FieldString(int i) => Encoding.UTF8.GetString(Field(i));

    private bool Fill()
    {
        if (_eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        int n = _stream.Read(_buf, _end, _buf.Length - _end);
        if (n == 0) { _eof = true; return false; }
        _end += n;
        if (_first)
        {
            _first = false;
            if (_end >= 3 && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _start = 3;
        }
        return true;
    }

    /// <summary>Reads the next record; false at the end of the data. Blank lines are skipped.</summary>
    /// <exception cref="FormatException">A quoted field is not closed before the end of the file.</exception>
    public bool Next()
    {
        while (true)
        {
            if (_start >= _end && !Fill()) return false;
            if (_buf[_start] == (byte)'\n') { _start++; _nextLine++; continue; }
            if (_buf[_start] == (byte)'\r' && (_start + 1 < _end || Fill()) && _start + 1 < _end && _buf[_start + 1] == (byte)'\n') { _start += 2; _nextLine++; continue; }
            break;
        }
        Line = _nextLine;
        // Rescan from the record start whenever more bytes must be read, so that spans stay valid.
        while (true)
        {
            int r = Scan();
            if (r >= 0) { _start = r; return true; }
            if (!Fill())
            {
                if (_start >= _end) return false;
                if (r == -2) throw new FormatException("a quoted field is not closed before the end of the file");
                int ok = Scan(atEof: true);
                _start = ok;
                return true;
            }
        }
    }

    /// <summary>Parses one record starting at _start. Returns the index after it, -1 when more data is needed, -2 inside an open quote.</summary>
    private int Scan(bool atEof = false)
    {
        _fields.Clear();
        int unq = 0;
        int i = _start;
        long lines = 0;
        while (true)
        {
            int fs = i;
            if (_quoting && i < _end && _buf[i] == (byte)'"')
            {
                i++;
                int len = 0;
                while (true)
                {
                    if (i >= _end) return atEof ? throw new FormatException("a quoted field is not closed before the end of the file") : -2;
                    byte b = _buf[i];
                    if (b == (byte)'"')
                    {
                        if (i + 1 >= _end && !atEof) return -1;
                        if (i + 1 < _end && _buf[i + 1] == (byte)'"') { Put(ref unq, b, ref len); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (b == (byte)'\n') lines++;
                    Put(ref unq, b, ref len);
                    i++;
                }
                _fields.Add((unq - len, len, true));
                // Skip to the separator or the line end (spaces allowed after the closing quote).
                while (i < _end && _buf[i] == (byte)' ') i++;
                if (i >= _end) { if (!atEof) return -1; _nextLine += lines + 1; return i; }
                byte c = _buf[i];
                if (c == _sep) { i++; continue; }
                if (c == (byte)'\r' || c == (byte)'\n') return EndLine(i, lines, atEof);
                throw new FormatException($"field {_fields.Count}: unexpected character after a closing quote");
            }
            while (i < _end && _buf[i] != _sep && _buf[i] != (byte)'\n') i++;
            if (i >= _end && !atEof) return -1;
            int fe = i;
            if (fe > fs && fe <= _end && _buf[fe - 1] == (byte)'\r' && (i >= _end || _buf[i] == (byte)'\n')) fe--;
            AddField(fs, fe);
            if (i >= _end) { _nextLine += lines + 1; return i; }
            if (_buf[i] == _sep) { i++; if (i >= _end && atEof) { AddField(i, i); _nextLine += lines + 1; return i; } continue; }
            _nextLine += lines + 1;
            return i + 1;
        }
    }

    private int EndLine(int i, long lines, bool atEof)
    {
        if (_buf[i] == (byte)'\r')
        {
            if (i + 1 >= _end && !atEof) return -1;
            if (i + 1 < _end && _buf[i + 1] == (byte)'\n') i++;
        }
        _nextLine += lines + 1;
        return i + 1;
    }

    private void AddField(int s, int e)
    {
        if (_trim)
        {
            while (s < e && _buf[s] == (byte)' ') s++;
            while (e > s && _buf[e - 1] == (byte)' ') e--;
        }
        _fields.Add((s, e - s, false));
    }

    private void Put(ref int at, byte b, ref int len)
    {
        if (at >= _unquoted.Length) Array.Resize(ref _unquoted, _unquoted.Length * 2);
        _unquoted[at++] = b;
        len++;
    }

    public void Dispose() => _stream.Dispose();
}
