using System.Text;
using System.Globalization;
using System.Reflection;

namespace MlNetDeep.Data.Text;

/// <summary>
/// A lazy view over a delimited text file: each cursor streams the file from the start, so
/// a file larger than memory can be read (shuffle it with a pooled shuffling cursor, or
/// cache it when it fits). Only the columns a cursor needs are parsed. Empty numeric fields
/// read as NaN (an error for integer columns); malformed rows raise
/// <see cref="TextLoaderException"/> or, by option, are skipped and counted.
/// </summary>
public sealed class TextLoaderView : IDataView
{
    private readonly TextLoaderColumn[] _columns;
    private long _skipped = -1;

    internal TextLoaderView(string path, TextLoaderOptions options, IReadOnlyList<TextLoaderColumn> columns, int expectedFields)
    {
        Path = path;
        Options = options;
        _columns = columns.ToArray();
        ExpectedFields = expectedFields;
        Schema = new DataViewSchema(_columns.Select(c =>
            (c.Name, c.Width == 1 ? (DataViewType)c.Type : new VectorDataViewType(c.Type, c.Width), (IReadOnlyDictionary<string, object>?)null)));
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The options used.</summary>
    public TextLoaderOptions Options { get; }

    /// <summary>Fields every row must have (from the header, else the first row).</summary>
    public int ExpectedFields { get; }

    /// <summary>The columns read.</summary>
    public IReadOnlyList<TextLoaderColumn> Columns => _columns;

    /// <summary>Malformed rows skipped in the last complete pass (-1 before one), with <see cref="TextLoaderOptions.SkipMalformedRows"/>.</summary>
    public long SkippedRows => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public long? GetRowCount() => null;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TextLoaderView _view;
        private readonly RecordReader _reader;
        private readonly HashSet<int> _active;
        private readonly FieldParser?[] _parsers;
        private long _position = -1, _skipped;

        public Cursor(TextLoaderView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _reader = new RecordReader(File.OpenRead(view.Path), view.Options.Separator, view.Options.AllowQuoting, view.Options.TrimWhitespace);
            if (view.Options.HasHeader) Guard(() => _reader.Next());
            _parsers = view._columns.Select((c, i) => active.Contains(i) ? FieldParser.Create(c) : null).ToArray();
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long RowId => _reader.Line;

        private T Guard<T>(Func<T> read)
        {
            try { return read(); }
            catch (FormatException e) when (e is not TextLoaderException) { throw new TextLoaderException(_view.Path, _reader.Line, null, e.Message); }
        }

        public override bool MoveNext()
        {
            while (Guard(_reader.Next))
            {
                string? problem = null;
                int? column = null;
                if (_reader.FieldCount != _view.ExpectedFields)
                {
                    problem = $"expected {_view.ExpectedFields} fields, found {_reader.FieldCount}";
                }
                else
                {
                    foreach (var p in _parsers)
                    {
                        if (p is null) continue;
                        if (p.Parse(_reader, out int bad, out string? why)) continue;
                        (problem, column) = (why, bad);
                        break;
                    }
                }
                if (problem is null) { _position++; return true; }
                if (!_view.Options.SkipMalformedRows) throw new TextLoaderException(_view.Path, _reader.Line, column, problem);
                _skipped++;
            }
            Interlocked.Exchange(ref _view._skipped, _skipped);
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return (ValueGetter<TValue>)_parsers[column.Index]!.Getter();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
        }
    }

    /// <summary>Parses the fields of one column into a buffer that its getter reads.</summary>
    private abstract class FieldParser
    {
        public static FieldParser Create(TextLoaderColumn c)
        {
            Type t = c.Type.RawType;
            var method = typeof(FieldParser).GetMethod(nameof(Make), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t);
            return (FieldParser)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [c], null)!;
        }

        private static FieldParser Make<T>(TextLoaderColumn c) => new Typed<T>(c);

        public abstract bool Parse(RecordReader r, out int badField, out string? problem);
        public abstract Delegate Getter();

        private sealed class Typed<T>(TextLoaderColumn column) : FieldParser
        {
            private readonly T[] _values = new T[column.Width];

            public override bool Parse(RecordReader r, out int badField, out string? problem)
            {
                for (int k = 0; k < _values.Length; k++)
                {
                    int f = column.Start + k;
                    if (!TryParse(r.Field(f), out _values[k], out problem)) { badField = f; return false; }
                }
                badField = -1;
                problem = null;
                return true;
            }

            private static bool TryParse(ReadOnlySpan<byte> s, out T value, out string? problem)
            {
                problem = null;
                value = default!;
                if (typeof(T) == typeof(float))
                {
                    if (s.IsEmpty) { value = (T)(object)float.NaN; return true; }
                    if (float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)) { value = (T)(object)f; return true; }
                }
                else if (typeof(T) == typeof(double))
                {
                    if (s.IsEmpty) { value = (T)(object)double.NaN; return true; }
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) { value = (T)(object)d; return true; }
                }
                else if (typeof(T) == typeof(int))
                {
                    if (s.IsEmpty) { problem = "empty value in an integer column (integers have no missing value; read it as Single to get NaN)"; return false; }
                    if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)) { value = (T)(object)i; return true; }
                }
                else if (typeof(T) == typeof(long))
                {
                    if (s.IsEmpty) { problem = "empty value in an integer column (integers have no missing value; read it as Single to get NaN)"; return false; }
                    if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) { value = (T)(object)l; return true; }
                }
                else if (typeof(T) == typeof(bool))
                {
                    if (TryBool(s, out bool b)) { value = (T)(object)b; return true; }
                }
                else if (typeof(T) == typeof(string))
                {
                    value = (T)(object)System.Text.Encoding.UTF8.GetString(s);
                    return true;
                }
                string text = System.Text.Encoding.UTF8.GetString(s);
                problem = $"'{(text.Length > 40 ? text[..40] + "..." : text)}' is not a valid {Name(typeof(T))}";
                return false;
            }

            public override Delegate Getter()
            {
                if (_values.Length == 1) return (ValueGetter<T>)((ref T v) => v = _values[0]);
                return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
                {
                    T[] buf = v.Reuse(_values.Length);
                    _values.CopyTo(buf, 0);
                    v = new VBuffer<T>(_values.Length, buf);
                });
            }
        }

        private static string Name(Type t) => t == typeof(float) ? "Single" : t == typeof(double) ? "Double" : t == typeof(int) ? "Int32" : t == typeof(long) ? "Int64" : "Boolean";
    }

    internal static bool TryBool(ReadOnlySpan<byte> s, out bool b)
    {
        if (s.SequenceEqual("1"u8) || Ascii.EqualsIgnoreCase(s, "true"u8)) { b = true; return true; }
        if (s.SequenceEqual("0"u8) || Ascii.EqualsIgnoreCase(s, "false"u8)) { b = false; return true; }
        b = false;
        return false;
    }
}
