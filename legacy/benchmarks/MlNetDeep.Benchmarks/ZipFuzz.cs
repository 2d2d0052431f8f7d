using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run zip: the long fuzz of the model zip reader. Each child process loads
/// mutated copies of a valid zip (a pipeline of Data transforms and a small CNN with tensor
/// weights): truncations, bit flips, random bytes, and structural mutations whose checksums
/// are recomputed so they reach the manifest, component and tensor-header checks. A case
/// passes when the zip loads or raises ModelFormatException; any other exception is counted
/// as untyped, and a child that dies counts its unfinished cases as crashes.
/// </summary>
internal static class ZipFuzz
{
    internal static int Suite(string[] args)
    {
        long cases = 1_000_000;
        int chunk = 25_000;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--cases") cases = long.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--chunk") chunk = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
        string zip = Bench.OutFile("fuzz-seed.zip");
        File.WriteAllBytes(zip, SeedZip());
        long done = 0, typed = 0, loaded = 0, untyped = 0, crashes = 0;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int seed = 0; done < cases; seed++)
        {
            int n = (int)Math.Min(chunk, cases - done);
            try
            {
                var r = Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(ZipFuzz).Assembly.Location, "worker", "zip", "fuzz", zip,
                    n.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture)]);
                typed += r.GetProperty("typed").GetInt64();
                loaded += r.GetProperty("loaded").GetInt64();
                untyped += r.GetProperty("untyped").GetInt64();
            }
            catch (InvalidOperationException e)
            {
                crashes += n;
                Console.Error.WriteLine($"zip fuzz chunk {seed} died: {e.Message}");
            }
            done += n;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"zip.fuzz_cases={done}"));
        Console.WriteLine(string.Create(inv, $"zip.fuzz_crashes={crashes}"));
        Console.WriteLine(string.Create(inv, $"zip.fuzz_untyped_exceptions={untyped}"));
        Console.WriteLine(string.Create(inv, $"zip.fuzz_refused={typed}"));
        Console.WriteLine(string.Create(inv, $"zip.fuzz_loaded={loaded}"));
        Console.WriteLine(string.Create(inv, $"zip.fuzz_cases_per_s={done / sw.Elapsed.TotalSeconds:F0}"));
        return 0;
    }

    /// <summary>A valid zip: key mapping, normalization, one-hot, and a small CNN with tensor weights.</summary>
    private static byte[] SeedZip()
    {
        var ctx = new MLContext(1);
        var rows = Enumerable.Range(0, 40).Select(i => new Row { Label = $"c{i % 3}", Pixels = Enumerable.Range(0, 64).Select(k => (float)((k * i) % 7)).ToArray(), Tag = i % 2 == 0 ? "a" : "b" }).ToList();
        var data = ctx.Data.LoadFromEnumerable(rows);
        Engine.ManualSeed(1);
        var spec = new NetworkSpec([1, 8, 8], [new("Conv2d", In: 1, Out: 2, Kernel: 3, Stride: 1, Padding: 1), new("BatchNorm2d", Out: 2), new("ReLU"), new("Flatten"), new("Linear", In: 128, Out: 3)]);
        var pipe = ctx.Transforms.Conversion.MapValueToKey("Label")
            .Append(ctx.Transforms.NormalizeMeanVariance("Features", "Pixels"))
            .Append(ctx.Transforms.Categorical.OneHotEncoding("Hot", "Tag"))
            .Fit(data);
        var cnn = new NeuralClassifierModel(spec, spec.Build(), "Features", ["c0", "c1", "c2"]);
        var model = pipe.Append(cnn);
        var ms = new MemoryStream();
        ctx.Model.Save(model, data.Schema, ms);
        return ms.ToArray();
    }

    public sealed class Row
    {
        public string Label { get; set; } = "";
        [VectorType(64)] public float[] Pixels { get; set; } = [];
        public string Tag { get; set; } = "";
    }

    internal static int Worker(string[] args)
    {
        byte[] seed = File.ReadAllBytes(args[0]);
        int n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var rng = new Random(int.Parse(args[2], CultureInfo.InvariantCulture));
        var entries = ReadEntries(seed);
        long typed = 0, loaded = 0, untyped = 0;
        var ctx = new MLContext(1);
        for (int i = 0; i < n; i++)
        {
            byte[] b = Mutate(seed, entries, rng);
            try
            {
                var m = ctx.Model.Load(new MemoryStream(b), out _);
                (m as IDisposable)?.Dispose();
                loaded++;
            }
            catch (ModelFormatException)
            {
                typed++;
            }
            catch (Exception e)
            {
                untyped++;
                if (untyped <= 3) Console.Error.WriteLine($"untyped: {e.GetType().Name}: {e.Message}");
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new { typed, loaded, untyped }));
        return 0;
    }

    private static List<(string Name, byte[] Data)> ReadEntries(byte[] zip)
    {
        var list = new List<(string, byte[])>();
        using var z = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        foreach (var e in z.Entries)
        {
            using var s = e.Open();
            var ms = new MemoryStream();
            s.CopyTo(ms);
            list.Add((e.FullName, ms.ToArray()));
        }
        return list;
    }

    private static byte[] Mutate(byte[] seed, List<(string Name, byte[] Data)> entries, Random rng)
    {
        switch (rng.Next(6))
        {
            case 0: return seed[..rng.Next(seed.Length)];
            case 1:
            {
                byte[] b = (byte[])seed.Clone();
                for (int k = rng.Next(1, 8); k > 0; k--) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return b;
            }
            case 2:
            {
                byte[] b = (byte[])seed.Clone();
                int at = rng.Next(b.Length), len = Math.Min(rng.Next(1, 64), b.Length - at);
                rng.NextBytes(b.AsSpan(at, len));
                return b;
            }
            default:
                return Structural(entries, rng);
        }
    }

    /// <summary>Edits an entry's content (manifest JSON, component state, tensor header) and re-signs it, or edits names.</summary>
    private static byte[] Structural(List<(string Name, byte[] Data)> seedEntries, Random rng)
    {
        var entries = seedEntries.Select(e => (e.Name, Data: (byte[])e.Data.Clone())).ToList();
        int target = rng.Next(entries.Count);
        var (name, data) = entries[target];
        switch (rng.Next(5))
        {
            case 0: // corrupt a number or string in a JSON entry
            {
                string text = Encoding.UTF8.GetString(data);
                var digits = Enumerable.Range(0, text.Length).Where(i => char.IsDigit(text[i])).ToList();
                if (digits.Count > 0)
                {
                    int at = digits[rng.Next(digits.Count)];
                    string[] swaps = ["9999999999999", "-1", "1e308", "0", "4294967296", "\"x\"", "null", "[]"];
                    text = text[..at] + swaps[rng.Next(swaps.Length)] + text[(at + 1)..];
                }
                data = Encoding.UTF8.GetBytes(text);
                break;
            }
            case 1: // mutate a tensor file header (shapes, offsets, lengths)
            {
                if (data.Length > 24 && data.AsSpan(0, 8).SequenceEqual("MNDTENSR"u8))
                {
                    int hl = (int)BitConverter.ToUInt64(data, 16);
                    if (24 + hl <= data.Length)
                    {
                        string h = Encoding.UTF8.GetString(data, 24, hl);
                        string[] swaps = ["[1,99999999999,99999999999]", "[-4]", "[4294967296,4294967296]", "[]", "[0]"];
                        h = System.Text.RegularExpressions.Regex.Replace(h, "\"shape\":\\[[^\\]]*\\]", m => rng.Next(3) == 0 ? $"\"shape\":{swaps[rng.Next(swaps.Length)]}" : m.Value);
                        h = System.Text.RegularExpressions.Regex.Replace(h, "\"(offset|length)\":\\d+", m => rng.Next(3) == 0 ? $"\"{m.Groups[1].Value}\":{rng.NextInt64(-5, 1L << 40)}" : m.Value);
                        byte[] nh = Encoding.UTF8.GetBytes(h);
                        var b = new List<byte>(data[..16]);
                        b.AddRange(BitConverter.GetBytes((ulong)nh.Length));
                        b.AddRange(nh);
                        b.AddRange(data.Skip(24 + hl));
                        data = b.ToArray();
                    }
                }
                break;
            }
            case 2: // rename to something hostile
                name = new[] { "../evil", "/abs/path", "components/c1/../../x", "manifest.json", "a\\b", "c:evil" }[rng.Next(6)];
                break;
            case 3: // duplicate an entry
                entries.Add((name, data));
                break;
            default: // drop bytes from an entry
                data = data[..rng.Next(data.Length + 1)];
                break;
        }
        entries[target] = (name, data);
        // Re-sign: recompute the manifest's checksums and sizes so the edit reaches the deeper checks.
        int mi = entries.FindIndex(e => e.Name == "manifest.json");
        if (mi >= 0 && target != mi)
        {
            try
            {
                var manifest = JsonNode.Parse(entries[mi].Data)!.AsObject();
                foreach (var r in manifest["Entries"]!.AsArray())
                {
                    var e = entries.FirstOrDefault(x => x.Name == (string)r!["Name"]!);
                    if (e.Data is null) continue;
                    r!["Sha256"] = Convert.ToHexString(SHA256.HashData(e.Data));
                    r["Size"] = e.Data.Length;
                }
                entries[mi] = ("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
            }
            catch (JsonException) { }
        }
        var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (n, d) in entries)
            {
                using var s = z.CreateEntry(n, CompressionLevel.Fastest).Open();
                s.Write(d);
            }
        return ms.ToArray();
    }
}
