using System.Buffers.Binary;
using System.Text;

namespace MlNetDeep.Runtime;

/// <summary>
/// Reads and edits the symbol-version tables of a 64-bit little-endian ELF shared library
/// (x86-64, arm64): which versions it needs from which library, which dynamic symbols carry
/// them, and which of those symbols a relocation binds. Every offset read from the file is
/// checked against the file's length before use, so a truncated or crafted file is an
/// <see cref="InvalidDataException"/> naming the file, never an out-of-range read.
/// </summary>
/// <remarks>
/// Written by hand because no ELF reader is served here and the job is narrow: three tables
/// (<c>.gnu.version_r</c>, <c>.gnu.version</c>, <c>.dynsym</c>) and the relocation sections.
/// </remarks>
internal sealed class ElfSymbolVersions
{
    private const uint ShtRela = 4, ShtDynamic = 6, ShtDynSym = 11, ShtVerNeed = 0x6ffffffe, ShtVerSym = 0x6fffffff;
    private const ushort VerFlagWeak = 0x2, VersionIndexGlobal = 1;
    private const long DtNeeded = 1;

    private readonly byte[] _bytes;
    private readonly string _file;
    private readonly List<Section> _sections = [];
    private readonly Section _dynSym, _verSym, _verNeed;

    private readonly record struct Section(int Index, uint Type, long Offset, long Size, uint Link, long EntrySize);

    /// <summary>One version a library needs: the library it comes from, its name, its index in <c>.gnu.version</c>, and where its flags are stored.</summary>
    internal readonly record struct Need(string Library, string Version, ushort Index, bool Weak, int FlagsOffset);

    /// <summary>A dynamic symbol: its index, name, version index and whether it is defined here.</summary>
    internal readonly record struct Symbol(int Index, string Name, ushort VersionIndex, bool Defined);

    /// <summary>Parses <paramref name="bytes"/> (the whole file); <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a 64-bit little-endian ELF file with version tables, or a table lies outside the file.</exception>
    internal ElfSymbolVersions(byte[] bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        (_bytes, _file) = (bytes, file);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw Bad("it is not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1) throw Bad($"it is not a 64-bit little-endian ELF file (class {bytes[4]}, data {bytes[5]})");
        long shoff = I64(0x28);
        int shentsize = U16(0x3A), shnum = U16(0x3C);
        if (shentsize < 64) throw Bad($"its section headers are {shentsize} bytes, fewer than 64");
        Check(shoff, (long)shentsize * shnum, "the section header table");
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            var s = new Section(i, U32(h + 4), I64(h + 0x18), I64(h + 0x20), U32(h + 0x28), I64(h + 0x38));
            if (s.Type != 8 /* NOBITS */) Check(s.Offset, s.Size, $"section {i}");
            _sections.Add(s);
        }
        _dynSym = Single(ShtDynSym, ".dynsym");
        _verSym = Single(ShtVerSym, ".gnu.version");
        _verNeed = Single(ShtVerNeed, ".gnu.version_r");
        if (_dynSym.EntrySize != 24) throw Bad($".dynsym entries are {_dynSym.EntrySize} bytes, not 24");
        if (_verSym.Size < _dynSym.Size / 24 * 2) throw Bad(".gnu.version is shorter than .dynsym");
        Needs = ReadNeeds();
        Symbols = ReadSymbols();
        NeededLibraries = ReadNeededLibraries();
    }

    /// <summary>The versions the library needs, in file order.</summary>
    internal IReadOnlyList<Need> Needs { get; }

    /// <summary>The dynamic symbols (index 0, the null symbol, excluded).</summary>
    internal IReadOnlyList<Symbol> Symbols { get; }

    /// <summary>The DT_NEEDED entries: the libraries this one links against, in order.</summary>
    internal IReadOnlyList<string> NeededLibraries { get; }

    /// <summary>The indices of the dynamic symbols that some relocation binds.</summary>
    internal HashSet<int> RelocatedSymbols()
    {
        var result = new HashSet<int>();
        foreach (var s in _sections)
        {
            if (s.Type != ShtRela || s.Link != _dynSym.Index) continue;
            if (s.EntrySize != 24) throw Bad($"relocation section {s.Index} has {s.EntrySize}-byte entries, not 24");
            for (long o = s.Offset; o + 24 <= s.Offset + s.Size; o += 24)
            {
                long sym = (long)((ulong)I64(o + 8) >> 32);
                if (sym != 0) result.Add((int)sym);
            }
        }
        return result;
    }

    /// <summary>
    /// Marks <paramref name="need"/> weak (<c>VER_FLG_WEAK</c>: the dynamic linker then loads the
    /// library when the version is missing) and clears the version of every symbol that carries
    /// it (as <c>patchelf --clear-symbol-version</c>). Edits the bytes in place; returns the
    /// symbols whose version was cleared.
    /// </summary>
    internal IReadOnlyList<Symbol> Weaken(Need need)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(need.FlagsOffset), (ushort)(U16(need.FlagsOffset) | VerFlagWeak));
        var cleared = new List<Symbol>();
        foreach (var s in Symbols)
        {
            if (s.VersionIndex != need.Index) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(checked((int)(_verSym.Offset + 2L * s.Index))), VersionIndexGlobal);
            cleared.Add(s);
        }
        return cleared;
    }

    private List<Need> ReadNeeds()
    {
        var needs = new List<Need>();
        long entry = _verNeed.Offset, end = _verNeed.Offset + _verNeed.Size;
        for (int files = 0; files < 4096; files++)
        {
            Check(entry, 16, ".gnu.version_r");
            if (entry + 16 > end) throw Bad(".gnu.version_r runs past its section");
            int count = U16(entry + 2);
            string library = DynString(U32(entry + 4));
            long aux = entry + U32(entry + 8);
            for (int k = 0; k < count; k++)
            {
                Check(aux, 16, ".gnu.version_r");
                needs.Add(new Need(library, DynString(U32(aux + 8)), (ushort)(U16(aux + 6) & 0x7fff), (U16(aux + 4) & VerFlagWeak) != 0, checked((int)(aux + 4))));
                uint nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(entry + 12);
            if (next == 0) return needs;
            entry += next;
        }
        throw Bad(".gnu.version_r does not end");
    }

    private List<Symbol> ReadSymbols()
    {
        long count = _dynSym.Size / 24;
        var symbols = new List<Symbol>((int)Math.Min(count, 1 << 20));
        for (int i = 1; i < count; i++)
        {
            long o = _dynSym.Offset + 24L * i;
            symbols.Add(new Symbol(i, DynString(U32(o)), (ushort)(U16(_verSym.Offset + 2L * i) & 0x7fff), U16(o + 6) != 0));
        }
        return symbols;
    }

    private List<string> ReadNeededLibraries()
    {
        var result = new List<string>();
        foreach (var s in _sections)
        {
            if (s.Type != ShtDynamic) continue;
            for (long o = s.Offset; o + 16 <= s.Offset + s.Size; o += 16)
            {
                long tag = I64(o);
                if (tag == 0) break;
                if (tag == DtNeeded) result.Add(DynString(I64(o + 8)));
            }
        }
        return result;
    }

    private Section Single(uint type, string name)
    {
        Section? found = null;
        foreach (var s in _sections)
        {
            if (s.Type != type) continue;
            if (found is not null) throw Bad($"it has two {name} sections");
            found = s;
        }
        return found ?? throw Bad($"it has no {name} section");
    }

    private string DynString(long offset)
    {
        if ((uint)_dynSym.Link >= (uint)_sections.Count) throw Bad(".dynsym links to a missing string table");
        var strings = _sections[(int)_dynSym.Link];
        if (offset < 0 || offset >= strings.Size) throw Bad($"a name at offset {offset} lies outside the dynamic string table ({strings.Size} bytes)");
        int start = checked((int)(strings.Offset + offset)), limit = checked((int)(strings.Offset + strings.Size));
        int n = Array.IndexOf(_bytes, (byte)0, start, limit - start);
        if (n < 0) throw Bad($"the name at offset {offset} of the dynamic string table is not terminated");
        return Encoding.ASCII.GetString(_bytes, start, n - start);
    }

    private void Check(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > _bytes.Length || length > _bytes.Length - offset)
            throw Bad($"{what} ({length} bytes at offset {offset}) lies outside the file ({_bytes.Length} bytes)");
    }

    private ushort U16(long o)
    {
        Check(o, 2, "a field");
        return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)o));
    }

    private uint U32(long o)
    {
        Check(o, 4, "a field");
        return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)o));
    }

    private long I64(long o)
    {
        Check(o, 8, "a field");
        return BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan((int)o));
    }

    private InvalidDataException Bad(string why) => new($"{_file}: cannot read its symbol versions: {why}.");
}
