using System.Text;
using System.Text.Json.Nodes;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Conformance;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>
/// XGBoost models against crafted zips whose hashes are re-signed, so every mutation reaches the
/// managed validator: XGBoost's own parser trusts its input (an out-of-range child crashes the
/// process at prediction), so each of these must be a typed error naming the entry and the rule,
/// raised before XGBoost sees a byte.
/// </summary>
public class HostileXGBoostZipTests
{
    private static byte[] Saved(Func<MLContext, XGBoostTrainer> trainer, IDataView data)
    {
        var ctx = new MLContext(1);
        using var model = trainer(ctx).Fit(data);
        return ZipRewriter.Saved(model, data.Schema);
    }

    private static readonly Lazy<byte[]> s_multiclass = new(() => Saved(c => c.MulticlassClassification.Trainers.XGBoost(numberOfRounds: 3, maxDepth: 3), XGBoostTrainerTests.Blobs(90, 1)));

    private static byte[] EditBooster(byte[] zip, Action<JsonObject> edit) => ZipRewriter.Resign(zip, "booster.json", b =>
    {
        var o = JsonNode.Parse(b)!.AsObject();
        edit(o);
        return Encoding.UTF8.GetBytes(o.ToJsonString());
    });

    private static JsonObject Learner(JsonObject model) => model["learner"]!.AsObject();
    private static JsonObject Tree(JsonObject model, int i) => Learner(model)["gradient_booster"]!["model"]!["trees"]![i]!.AsObject();

    private static string Refused(byte[] zip)
    {
        var e = Assert.Throws<ModelFormatException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));
        Assert.EndsWith(".json", e.Entry);
        return e.Rule;
    }

    public static TheoryData<string, string> Mutations => new()
    {
        { "child-out-of-range", "children must come after their parent" },
        { "cycle", "children must come after their parent" },
        { "shared-child", "two parents" },
        { "split-feature", "splits on feature 4" },
        { "num-class", "num_class does not match" },
        { "objective-num-class", "softmax_multiclass_param.num_class is not 3" },
        { "objective", "objective.name is not multi:softprob" },
        { "newer-version", "written by XGBoost 2.0" },
        { "categorical", "not a numerical split" },
        { "short-array", "split_conditions does not have" },
        { "huge-tree", "nodes (allowed" },
        { "tree-count", "num_trees is not the number of trees" },
        { "gblinear", "gradient_booster.name is not gbtree" },
        { "nan-threshold", "is not a finite number" },
        { "tree-info", "tree_info[0] is not a class group" },
        { "feature-count", "num_feature is not 4" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void ACraftedBoosterIsRefusedInManagedCode(string mutation, string rule)
    {
        byte[] zip = EditBooster(s_multiclass.Value, m =>
        {
            var tree = Tree(m, 0);
            switch (mutation)
            {
                case "child-out-of-range": tree["left_children"]![0] = 1_000_000; break;
                case "cycle": tree["right_children"]![0] = 0; break;
                case "shared-child": tree["right_children"]![0] = tree["left_children"]![0]!.GetValue<int>(); break;
                case "split-feature": tree["split_indices"]![0] = 4; break;
                case "num-class": Learner(m)["learner_model_param"]!["num_class"] = "2"; break;
                case "objective-num-class": Learner(m)["objective"]!["softmax_multiclass_param"]!["num_class"] = "30"; break;
                case "objective": Learner(m)["objective"]!["name"] = "multi:softmax"; break;
                case "newer-version": m["version"] = new JsonArray(2, 0, 0); break;
                case "categorical": tree["split_type"]![0] = 1; break;
                case "short-array": tree["split_conditions"]!.AsArray().RemoveAt(0); break;
                case "huge-tree": tree["tree_param"]!["num_nodes"] = "2000000000"; break;
                case "tree-count": Learner(m)["gradient_booster"]!["model"]!["gbtree_model_param"]!["num_trees"] = "100"; break;
                case "gblinear": Learner(m)["gradient_booster"]!["name"] = "gblinear"; break;
                case "nan-threshold": tree["split_conditions"]![0] = JsonValue.Create("NaN"); break;
                case "tree-info": Learner(m)["gradient_booster"]!["model"]!["tree_info"]![0] = 7; break;
                case "feature-count": tree["tree_param"]!["num_feature"] = "1000"; break;
            }
        });
        Assert.Contains(rule, Refused(zip));
    }

    [Fact]
    public void MetadataThatDisagreesWithTheBoosterIsRefused()
    {
        byte[] zip = ZipRewriter.Resign(s_multiclass.Value, "xgboost.json", b =>
        {
            var o = JsonNode.Parse(b)!.AsObject();
            o["FeatureCount"] = 5;
            return Encoding.UTF8.GetBytes(o.ToJsonString());
        });
        Assert.Contains("num_feature is not 5", Refused(zip));
        Assert.Contains("not valid JSON", Refused(ZipRewriter.Resign(s_multiclass.Value, "booster.json", b => b[..(b.Length / 2)])));
        Assert.Contains("duplicate", Refused(ZipRewriter.Resign(s_multiclass.Value, "booster.json", b =>
            Encoding.UTF8.GetBytes("{\"version\": [1, 7, 0], " + Encoding.UTF8.GetString(b)[1..]))), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ResignedByteFlipsAreLoadedOrRefusedNeverCrash()
    {
        // Whatever loads must also predict without harm.
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(s_multiclass.Value, ["booster.json", "xgboost.json"], 300, 21,
            m => EstimatorConformance.Dump(m.Transform(XGBoostTrainerTests.Blobs(6, 2))));
        Assert.Equal(600, loaded + refused);
        Assert.True(refused > 100, $"only {refused} of 600 mutations refused");
    }
}
