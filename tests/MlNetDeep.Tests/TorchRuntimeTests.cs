using System.Buffers.Binary;
using System.Text.Json;
using MlNetDeep.Runtime;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>
/// TorchSharp 0.107's native library needs GLIBCXX_3.4.32, which this machine's libstdc++ (Debian 12)
/// lacks: the runtime loads a patched copy from a cache directory, never touching the original.
/// </summary>
public class TorchRuntimeTests
{
    private static TorchRuntimeStatus Status => TorchRuntime.Initialize();

    [Fact]
    public void OnThisSystemTheCopyWeakensExactlyTheMissingVersion()
    {
        var status = Status;
        Assert.NotNull(status.NativeLibrary);
        Assert.NotNull(status.CompatibilityCopy);
        Assert.Equal(["GLIBCXX_3.4.32"], status.WeakenedVersions);
        Assert.True(status.MallocTuned);
        Assert.DoesNotContain("/.nuget/", status.CompatibilityCopy);
        Assert.False(status.CompatibilityCopy!.StartsWith(Path.GetDirectoryName(status.NativeLibrary)!, StringComparison.Ordinal));

        byte[] original = File.ReadAllBytes(status.NativeLibrary!), copy = File.ReadAllBytes(status.CompatibilityCopy);
        Assert.Equal(original.Length, copy.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != copy[i]).ToList();
        // Two fields change: the version need's flags (VER_FLG_WEAK) and one symbol's version index (to 1, global).
        Assert.InRange(changed.Count, 2, 4);

        var before = new ElfSymbolVersions(original, "original");
        var after = new ElfSymbolVersions(copy, "copy");
        var need = before.Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.False(need.Weak); // the original is untouched
        Assert.True(after.Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
        Assert.Equal("_ZSt21ios_base_library_initv", before.Symbols.Single(s => s.VersionIndex == need.Index).Name);
        Assert.DoesNotContain(after.Symbols, s => s.VersionIndex == need.Index);
        Assert.Equal(before.Needs.Where(n => n.Version != "GLIBCXX_3.4.32"), after.Needs.Where(n => n.Version != "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void AFreshProcessWithAnEmptyCacheWritesTheCopyLoadsAndTrains()
    {
        string cache = Directory.CreateTempSubdirectory("mnd-native").FullName;
        try
        {
            var (code, output, error) = Worker.Run(["runtime"], new Dictionary<string, string> { [TorchRuntime.CacheDirectoryVariable] = cache });
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output.Trim());
            string copy = json.RootElement.GetProperty("CompatibilityCopy").GetString()!;
            Assert.StartsWith(cache, copy, StringComparison.Ordinal);
            Assert.True(File.Exists(copy));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(copy)!, "*.tmp"));
            Assert.True(json.RootElement.GetProperty("last").GetDouble() < json.RootElement.GetProperty("first").GetDouble() / 100, output);

            // A second process finds the identical copy and reuses it.
            var stamp = File.GetLastWriteTimeUtc(copy);
            Assert.Equal(0, Worker.Run(["runtime"], new Dictionary<string, string> { [TorchRuntime.CacheDirectoryVariable] = cache }).Code);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));

            // A damaged copy is replaced, not loaded.
            File.WriteAllBytes(copy, [1, 2, 3]);
            Assert.Equal(0, Worker.Run(["runtime"], new Dictionary<string, string> { [TorchRuntime.CacheDirectoryVariable] = cache }).Code);
            Assert.Equal(new FileInfo(Status.CompatibilityCopy!).Length, new FileInfo(copy).Length);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void AnUnwritableCacheIsAClearErrorNamingTheSetting()
    {
        var (code, _, error) = Worker.Run(["runtime"], new Dictionary<string, string> { [TorchRuntime.CacheDirectoryVariable] = "/proc/mlnetdeep-cannot-write-here" });
        Assert.NotEqual(0, code);
        Assert.Contains(nameof(TorchNativeLoadException), error);
        Assert.Contains(TorchRuntime.CacheDirectoryVariable, error);
    }

    [Fact]
    public void ALibraryThatCallsAMissingSymbolIsRefusedWithItsName()
    {
        byte[] bytes = File.ReadAllBytes(Status.NativeLibrary!);
        var elf = new ElfSymbolVersions(bytes, "x");
        int symbol = elf.Symbols.Single(s => s.Name == "_ZSt21ios_base_library_initv").Index;
        // Point the first PLT relocation at that symbol, as if the library called it.
        long rela = FirstRelocation(bytes);
        ulong info = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)rela + 8));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)rela + 8), ((ulong)symbol << 32) | (info & 0xffffffff));
        var e = Assert.Throws<TorchNativeLoadException>(() => TorchRuntime.Patch(bytes, "lib.so", (_, n) => n.Version == "GLIBCXX_3.4.32"));
        Assert.Contains("calls _ZSt21ios_base_library_initv from GLIBCXX_3.4.32", e.Message);
        Assert.Contains("GCC 13", e.Message);
    }

    [Fact]
    public void NothingIsPatchedWhenNoVersionIsMissing()
    {
        byte[] bytes = File.ReadAllBytes(Status.NativeLibrary!), copy = (byte[])bytes.Clone();
        var (_, weakened) = TorchRuntime.Patch(copy, "lib.so", (_, _) => false);
        Assert.Empty(weakened);
        Assert.Equal(bytes, copy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(4096)]
    [InlineData(200_000)]
    public void TruncatedOrForeignFilesAreInvalidDataNamingTheFile(int length)
    {
        byte[] bytes = File.ReadAllBytes(Status.NativeLibrary!)[..Math.Min(length, 1 << 30)];
        var e = Assert.Throws<InvalidDataException>(() => TorchRuntime.Patch(bytes, "/x/lib.so", (_, _) => true));
        Assert.StartsWith("/x/lib.so: ", e.Message);
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => TorchRuntime.Patch("hello world, not a library at all......................................"u8.ToArray(), "t.so", (_, _) => true)).Message);
    }

    [Fact]
    public void RandomByteFlipsNeverEscapeAsAnythingButInvalidData()
    {
        byte[] original = File.ReadAllBytes(Status.NativeLibrary!);
        var rng = new Random(5);
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(0x28));
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            // Flip bytes in the headers and the version tables, where the parser reads.
            for (int k = 0; k < 4; k++)
            {
                int at = rng.Next(3) switch { 0 => rng.Next(64), 1 => (int)shoff + rng.Next(original.Length - (int)shoff), _ => 0x3f8f0 + rng.Next(0x210) };
                bytes[Math.Min(at, bytes.Length - 1)] ^= (byte)(1 << rng.Next(8));
            }
            try
            {
                TorchRuntime.Patch(bytes, "f.so", (_, n) => n.Version == "GLIBCXX_3.4.32");
            }
            catch (Exception e) when (e is InvalidDataException or TorchNativeLoadException)
            {
            }
        }
    }

    private static long FirstRelocation(byte[] b)
    {
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x28));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3A)), count = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3C));
        for (int i = 0; i < count; i++)
        {
            long h = shoff + (long)i * size;
            if (BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)h + 4)) == 4) return BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan((int)h + 0x18));
        }
        throw new InvalidOperationException("no relocation section");
    }
}
