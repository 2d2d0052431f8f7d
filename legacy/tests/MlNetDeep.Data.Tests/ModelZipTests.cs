using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MlNetDeep.Conformance;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Data.Images;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>Model zips: every Data component round-trips to identical output; hostile zips raise one typed exception.</summary>
public sealed class ModelZipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-zip").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class Row
    {
        public string Label { get; set; } = "";
        public float A { get; set; }
        public float B { get; set; }
        [VectorType(2)] public float[] V { get; set; } = [];
        public string Text { get; set; } = "";
        public string ImagePath { get; set; } = "";
    }

    public sealed class Out
    {
        public uint Label { get; set; }
        public float[] Features { get; set; } = [];
        public float[] Pixels { get; set; } = [];
        public uint[] Chars { get; set; } = [];
        public string Name { get; set; } = "";
    }

    private List<Row> Rows()
    {
        var rows = new List<Row>();
        for (int i = 0; i < 12; i++)
        {
            string img = Path.Combine(_dir, $"img{i % 3}.png");
            if (!File.Exists(img))
                ImageCodec.Save(new MLImage(4, 5, 3, Enumerable.Range(0, 60).Select(k => (byte)(k * 4 + i)).ToArray()), img);
            rows.Add(new Row
            {
                Label = i % 3 == 0 ? "cat" : i % 3 == 1 ? "dog" : "bird", A = i % 5 == 0 ? float.NaN : i * 1.5f, B = i * 0.25f - 1,
                V = [i, 10 - i], Text = $"the {i % 4} cat sat", ImagePath = img,
            });
        }
        return rows;
    }

    /// <summary>A pipeline that uses every savable Data component.</summary>
    private static IEstimator<ITransformer> Pipeline(MLContext ctx) =>
        ctx.Transforms.Conversion.MapValueToKey("Label")
            .Append(ctx.Transforms.ReplaceMissingValues("A"))
            .Append(ctx.Transforms.PolynomialFeatures("P", "B", 3))
            .Append(ctx.Transforms.Concatenate("Raw", "A", "B", "V", "P"))
            .Append(ctx.Transforms.NormalizeMeanVariance("Features", "Raw", fixZero: false))
            .Append(ctx.Transforms.NormalizeMinMax("V2", "V"))
            .Append(ctx.Transforms.NormalizeLogMeanVariance("V3", "V"))
            .Append(ctx.Transforms.NormalizeBinning("V4", "V", 4))
            .Append(ctx.Transforms.Categorical.OneHotEncoding("Hot", "Text"))
            .Append(ctx.Transforms.Categorical.OneHotHashEncoding("Hash", "Text", 5))
            .Append(ctx.Transforms.Text.TokenizeIntoWords("Words", "Text"))
            .Append(ctx.Transforms.Text.TokenizeIntoCharactersAsKeys("Chars", "Text"))
            .Append(ctx.Transforms.LoadImages("Image", null, "ImagePath"))
            .Append(ctx.Transforms.ResizeImages("Image", 3, 2))
            .Append(ctx.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(ctx.Transforms.AugmentImages("Pixels", new ImageAugmentationOptions { HorizontalFlip = true, Seed = 3 }))
            .Append(ctx.Transforms.Conversion.MapKeyToValue("Name", "Label"))
            .Append(ctx.Transforms.CopyColumns("Copy", "B"))
            .AppendCacheCheckpoint(ctx)
            .Append(ctx.Transforms.DropColumns("Image", "Raw"));

    private (ITransformer Model, IDataView Data, byte[] Zip) SavedModel()
    {
        var ctx = new MLContext(1);
        var data = ctx.Data.LoadFromEnumerable(Rows());
        var model = Pipeline(ctx).Fit(data);
        var ms = new MemoryStream();
        ctx.Model.Save(model, data.Schema, ms, new ModelProvenance(new Dictionary<string, string> { ["Epochs"] = "3" }, new Dictionary<string, double> { ["Accuracy"] = 0.9 }));
        return (model, data, ms.ToArray());
    }

    [Fact]
    public void EveryComponentRoundTripsToIdenticalOutput()
    {
        var (model, data, zip) = SavedModel();
        var ctx = new MLContext(2);
        var loaded = ctx.Model.Load(new MemoryStream(zip), out var schema);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), schema.Select(c => (c.Name, c.Type)));
        Assert.Equal(EstimatorConformance.Dump(model.Transform(data)), EstimatorConformance.Dump(loaded.Transform(data)));
        string path = Path.Combine(_dir, "m.zip");
        File.WriteAllBytes(path, zip);
        var info = ctx.Model.LoadWithInfo(path);
        Assert.Equal("3", info.Provenance.TrainingOptions["Epochs"]);
        Assert.Equal(0.9, info.Provenance.Metrics["Accuracy"]);
        Assert.Equal(ModelZip.LibraryVersion, info.LibraryVersion);
        Assert.Contains("ValueToKey", info.Components.Values);
        Assert.Equal(["cat", "dog", "bird"], loaded.GetOutputSchema(schema)["Label"].KeyValues);
    }

    [Fact]
    public void PredictionEngineMatchesBatchScoring()
    {
        var (_, data, zip) = SavedModel();
        var ctx = new MLContext(3);
        var model = ctx.Model.Load(new MemoryStream(zip), out var schema);
        using var engine = ctx.Model.CreatePredictionEngine<Row, Out>(model, schema);
        var batch = ctx.Data.CreateEnumerable<Out>(model.Transform(data), ignoreMissingColumns: true).ToList();
        var rows = Rows();
        var reused = new Out();
        for (int i = 0; i < rows.Count; i++)
        {
            var p = engine.Predict(rows[i]);
            Assert.Equal(batch[i].Label, p.Label);
            Assert.Equal(batch[i].Features, p.Features);
            Assert.Equal(batch[i].Pixels, p.Pixels);
            Assert.Equal(batch[i].Chars, p.Chars);
            Assert.Equal(rows[i].Label, p.Name);
            engine.Predict(rows[i], ref reused);
            Assert.Equal(p.Features, reused.Features);
        }
    }

    public sealed class WrongInput
    {
        public float Label { get; set; }
    }

    [Fact]
    public void PredictionEngineChecksItsInputClassAgainstTheSchema()
    {
        var (_, _, zip) = SavedModel();
        var ctx = new MLContext(3);
        var model = ctx.Model.Load(new MemoryStream(zip), out var schema);
        var e = Assert.Throws<SchemaMismatchException>(() => ctx.Model.CreatePredictionEngine<WrongInput, Out>(model, schema));
        Assert.Equal("Label", e.Column);
    }

    // ---- hostile zips ----

    private static ModelFormatException Bad(byte[] zip) =>
        Assert.Throws<ModelFormatException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));

    private static byte[] Rewrite(byte[] zip, Action<List<(string Name, byte[] Data)>, JsonObject> edit) => ZipRewriter.Rewrite(zip, edit);

    [Fact]
    public void StructuralAttacksAreTypedErrorsNamingEntryAndRule()
    {
        var (_, _, zip) = SavedModel();
        Assert.Contains("end-of-central-directory", Bad("not a zip at all, just text"u8.ToArray()).Rule);
        Assert.Contains("no manifest", Bad(Rewrite(zip, (e, m) => e.RemoveAll(x => x.Name == "manifest.json"))).Rule);
        var newer = Bad(Rewrite(zip, (e, m) => m["FormatVersion"] = 99));
        Assert.Contains("newer MlNetDeep", newer.Rule);
        Assert.Equal("manifest.json", newer.Entry);
        var unknown = Bad(Rewrite(zip, (e, m) => m["Components"]![0]!["Name"] = "System.Diagnostics.Process"));
        Assert.Contains("not known", unknown.Rule);
        Assert.Contains("version", Bad(Rewrite(zip, (e, m) => m["Components"]![1]!["Version"] = 7)).Rule);
        var altered = Bad(Rewrite(zip, (e, m) =>
        {
            int i = e.FindIndex(x => x.Name.EndsWith("maps.json", StringComparison.Ordinal));
            e[i] = (e[i].Name, e[i].Data.Select(b => b == (byte)'c' ? (byte)'C' : b).ToArray());
        }));
        Assert.Contains("SHA-256", altered.Rule);
        Assert.EndsWith("maps.json", altered.Entry);
        Assert.Contains("does not list", Bad(Rewrite(zip, (e, m) => e.Add(("extra.bin", [1, 2, 3])))).Rule);
        Assert.Contains("appears twice", Bad(Rewrite(zip, (e, m) => e.Add(e[1]))).Rule);
        Assert.Contains("unsafe entry name", Bad(Rewrite(zip, (e, m) => e.Add(("../../etc/passwd", [1])))).Rule);
        Assert.Contains("unsafe entry name", Bad(Rewrite(zip, (e, m) => e.Add(("/abs", [1])))).Rule);
        Assert.Contains("contains itself", Bad(Rewrite(zip, (e, m) =>
        {
            // Make the root chain list itself as a child.
            int i = e.FindIndex(x => x.Name == "components/c0/chain.json");
            byte[] self = Encoding.UTF8.GetBytes("[\"c0\"]");
            e[i] = (e[i].Name, self);
            foreach (var r in m["Entries"]!.AsArray())
                if ((string)r!["Name"]! == "components/c0/chain.json")
                {
                    r["Sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(self));
                    r["Size"] = self.Length;
                }
        })).Rule);
    }

    [Fact]
    public void ZipBombsAndLyingSizesHitTheCaps()
    {
        // 200 MB of zeros compresses to a few hundred KB; the per-entry cap refuses it before inflating.
        var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = z.CreateEntry("manifest.json").Open()) s.Write("{}"u8);
            using var b = z.CreateEntry("components/c0/state.json", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) b.Write(zeros);
        }
        var limits = new ModelLimits { MaxEntryBytes = 16 << 20 };
        var e = Assert.Throws<ModelFormatException>(() => ModelZip.Load(new MemoryStream(ms.ToArray()), out _, "bomb.zip", limits));
        Assert.Contains("cap", e.Rule);
        var tooMany = new ModelLimits { MaxEntries = 3 };
        var (_, _, zip) = SavedModel();
        Assert.Contains("exceed the cap", Assert.Throws<ModelFormatException>(() => ModelZip.Load(new MemoryStream(zip), out _, "m.zip", tooMany)).Rule);
    }

    [Fact]
    public void TruncationsAndByteFlipsNeverCrashOrEscapeUntyped()
    {
        var (_, _, zip) = SavedModel();
        var rng = new Random(8);
        int refused = 0, loaded = 0;
        void Try(byte[] bytes)
        {
            try
            {
                new MLContext(1).Model.Load(new MemoryStream(bytes), out _);
                loaded++;
            }
            catch (ModelFormatException)
            {
                refused++;
            }
        }
        for (int i = 0; i < 1000; i++) Try(zip[..(int)((long)zip.Length * i / 1000)]);
        for (int i = 0; i < 10_000; i++)
        {
            byte[] b = (byte[])zip.Clone();
            b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
            Try(b);
        }
        Assert.Equal(11_000, refused + loaded);
        Assert.True(refused >= 1000);
    }
}
