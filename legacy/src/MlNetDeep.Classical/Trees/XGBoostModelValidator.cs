using System.Globalization;
using System.Text.Json;
using MlNetDeep.Classical.Xgb;

namespace MlNetDeep.Classical.Trees;

/// <summary>
/// Checks an XGBoost JSON model in managed code before XGBoost's parser sees it (that parser
/// trusts its input: a child index out of range or a cycle crashes the process at prediction).
/// Accepts only what our trainers write: a <c>gbtree</c> booster of numerical splits for the
/// expected objective, feature count and class count, every tree a well-formed binary tree
/// whose children come after their parent, every array as long as the tree's node count.
/// </summary>
internal static class XGBoostModelValidator
{
    /// <summary>Largest tree accepted (a depth-64 tree is capped by the data long before this).</summary>
    private const int MaxNodes = 1 << 22;
    private const int RootParent = int.MaxValue;

    private static readonly string[] s_nodeArrays =
        ["left_children", "right_children", "parents", "split_indices", "split_conditions", "split_type", "default_left", "base_weights", "loss_changes", "sum_hessian"];
    private static readonly string[] s_categoryArrays = ["categories", "categories_nodes", "categories_segments", "categories_sizes"];

    /// <summary>The objective each task trains with.</summary>
    internal static string Objective(XGBoostTask task) => task switch
    {
        XGBoostTask.Binary => "binary:logistic",
        XGBoostTask.Multiclass => "multi:softprob",
        _ => "reg:squarederror",
    };

    /// <exception cref="FormatException">The model breaks a rule; the message names the part and the rule.</exception>
    public static void Check(ReadOnlySpan<byte> json, XGBoostTask task, int features, int classes, int rounds, int maxDepth)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})");
        }
        using (doc)
        {
            var root = Object(doc.RootElement, "the model");
            CheckVersion(Property(root, "version", "the model"));
            var learner = Object(Property(root, "learner", "the model"), "learner");

            var param = Object(Property(learner, "learner_model_param", "learner"), "learner_model_param");
            Expect(IntText(param, "num_feature", "learner_model_param") == features, $"learner_model_param.num_feature is not {features}");
            Expect(IntText(param, "num_class", "learner_model_param") == (task == XGBoostTask.Multiclass ? classes : 0),
                $"learner_model_param.num_class does not match the {(task == XGBoostTask.Multiclass ? classes + " classes" : task + " task")}");
            if (param.TryGetProperty("num_target", out _)) Expect(IntText(param, "num_target", "learner_model_param") == 1, "learner_model_param.num_target is not 1");
            Expect(double.TryParse(Text(Property(param, "base_score", "learner_model_param"), "base_score"), NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
                && double.IsFinite(b), "learner_model_param.base_score is not a finite number");

            CheckObjective(Object(Property(learner, "objective", "learner"), "objective"), task, classes);

            CheckNames(learner, "feature_names", features, null);
            CheckNames(learner, "feature_types", features, ["float", "int", "i", "q"]);
            if (learner.TryGetProperty("attributes", out var attributes))
                foreach (var a in Object(attributes, "attributes").EnumerateObject())
                    Text(a.Value, "attributes." + a.Name);

            var booster = Object(Property(learner, "gradient_booster", "learner"), "gradient_booster");
            Expect(Text(Property(booster, "name", "gradient_booster"), "gradient_booster.name") == "gbtree", "gradient_booster.name is not gbtree");
            var model = Object(Property(booster, "model", "gradient_booster"), "gradient_booster.model");
            var gp = Object(Property(model, "gbtree_model_param", "gradient_booster.model"), "gbtree_model_param");
            int parallel = IntText(gp, "num_parallel_tree", "gbtree_model_param");
            Expect(parallel >= 1, "gbtree_model_param.num_parallel_tree is below 1");
            Expect(IntText(gp, "size_leaf_vector", "gbtree_model_param") == 0, "gbtree_model_param.size_leaf_vector is not 0");
            var trees = Array(Property(model, "trees", "gradient_booster.model"), "trees");
            var info = Array(Property(model, "tree_info", "gradient_booster.model"), "tree_info");
            int treeCount = trees.GetArrayLength();
            int groups = Math.Max(classes, 1);
            Expect(IntText(gp, "num_trees", "gbtree_model_param") == treeCount, "gbtree_model_param.num_trees is not the number of trees");
            Expect(info.GetArrayLength() == treeCount, "tree_info does not have one entry per tree");
            Expect((long)rounds * groups * parallel == treeCount, $"{treeCount} trees are not {rounds} rounds x {groups} class groups x {parallel} parallel trees");
            int i = 0;
            foreach (var g in info.EnumerateArray())
            {
                Expect(g.ValueKind == JsonValueKind.Number && g.TryGetInt32(out int group) && group >= 0 && group < groups, $"tree_info[{i}] is not a class group in [0, {groups})");
                i++;
            }
            i = 0;
            foreach (var tree in trees.EnumerateArray()) CheckTree(Object(tree, $"trees[{i}]"), i++, features);
        }
    }

    private static void CheckVersion(JsonElement version)
    {
        var v = Array(version, "version");
        Expect(v.GetArrayLength() == 3 && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int x) && x >= 0), "version is not [major, minor, patch]");
        int major = v[0].GetInt32(), minor = v[1].GetInt32();
        var lib = Booster.LibraryVersion;
        Expect(major == lib.Major && minor <= lib.Minor, $"written by XGBoost {major}.{minor}; this XGBoost is {lib.Major}.{lib.Minor} and reads {lib.Major}.0 to {lib.Major}.{lib.Minor}");
    }

    /// <summary>The objective's name and its one parameter block: the class count, or a finite positive weight.</summary>
    private static void CheckObjective(JsonElement objective, XGBoostTask task, int classes)
    {
        Expect(Text(Property(objective, "name", "objective"), "objective.name") == Objective(task), $"objective.name is not {Objective(task)}");
        string block = task == XGBoostTask.Multiclass ? "softmax_multiclass_param" : "reg_loss_param";
        Expect(objective.EnumerateObject().Count() == 2, $"objective has entries besides name and {block}");
        var p = Object(Property(objective, block, "objective"), "objective." + block);
        if (task == XGBoostTask.Multiclass)
        {
            Expect(IntText(p, "num_class", "objective." + block) == classes, $"objective.{block}.num_class is not {classes}");
            return;
        }
        string weight = Text(Property(p, "scale_pos_weight", "objective." + block), "scale_pos_weight");
        Expect(double.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) && double.IsFinite(w) && w > 0,
            $"objective.{block}.scale_pos_weight is not a finite positive number");
    }

    private static void CheckNames(JsonElement learner, string name, int features, string[]? allowed)
    {
        if (!learner.TryGetProperty(name, out var e)) return;
        var a = Array(e, name);
        Expect(a.GetArrayLength() == 0 || a.GetArrayLength() == features, $"{name} has neither 0 nor {features} entries");
        foreach (var s in a.EnumerateArray())
        {
            string text = Text(s, name);
            Expect(allowed is null || allowed.Contains(text), $"{name} holds '{text}' (categorical and unknown feature types are refused)");
        }
    }

    private static void CheckTree(JsonElement tree, int index, int features)
    {
        string where = $"trees[{index}]";
        Expect(Property(tree, "id", where).TryGetInt32(out int id) && id == index, $"{where}.id is not {index}");
        var tp = Object(Property(tree, "tree_param", where), where + ".tree_param");
        int n = IntText(tp, "num_nodes", where + ".tree_param");
        Expect(n is >= 1 and <= MaxNodes, $"{where} has {n} nodes (allowed: 1 to {MaxNodes})");
        Expect(IntText(tp, "num_feature", where + ".tree_param") == features, $"{where}.tree_param.num_feature is not {features}");
        Expect(IntText(tp, "num_deleted", where + ".tree_param") == 0, $"{where} has deleted nodes");
        Expect(IntText(tp, "size_leaf_vector", where + ".tree_param") == 0, $"{where} has leaf vectors");
        foreach (string name in s_nodeArrays)
            Expect(Array(Property(tree, name, where), $"{where}.{name}").GetArrayLength() == n, $"{where}.{name} does not have {n} entries");
        foreach (string name in s_categoryArrays)
            Expect(Array(Property(tree, name, where), $"{where}.{name}").GetArrayLength() == 0, $"{where}.{name} is not empty (categorical splits are refused)");

        int[] left = Ints(tree, "left_children", where), right = Ints(tree, "right_children", where), parents = Ints(tree, "parents", where);
        int[] split = Ints(tree, "split_indices", where), type = Ints(tree, "split_type", where), defaultLeft = Ints(tree, "default_left", where);
        foreach (string name in new[] { "split_conditions", "base_weights", "loss_changes", "sum_hessian" })
        {
            int k = 0;
            foreach (var v in tree.GetProperty(name).EnumerateArray())
            {
                Expect(v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d), $"{where}.{name}[{k}] is not a finite number");
                k++;
            }
        }
        Expect(parents[0] == RootParent, $"{where}: the root's parent is not {RootParent}");
        var seen = new bool[n];
        for (int node = 0; node < n; node++)
        {
            string at = $"{where} node {node}";
            Expect(type[node] == 0, $"{at} is not a numerical split");
            Expect(defaultLeft[node] is 0 or 1, $"{at}: default_left is not 0 or 1");
            Expect(split[node] >= 0 && split[node] < features, $"{at} splits on feature {split[node]}, outside [0, {features})");
            if (left[node] == -1 && right[node] == -1) continue;
            foreach (int child in new[] { left[node], right[node] })
            {
                Expect(child > node && child < n, $"{at} has child {child}; children must come after their parent and before {n}");
                Expect(!seen[child], $"{at}: node {child} has two parents");
                Expect(parents[child] == node, $"{where} node {child}: parent is {parents[child]}, not {node}");
                seen[child] = true;
            }
            Expect(left[node] != right[node], $"{at} has the same node as both children");
        }
        for (int node = 1; node < n; node++) Expect(seen[node], $"{where} node {node} is not reached from the root");
    }

    private static int[] Ints(JsonElement tree, string name, string where)
    {
        var a = tree.GetProperty(name);
        var result = new int[a.GetArrayLength()];
        int k = 0;
        foreach (var v in a.EnumerateArray())
        {
            Expect(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out result[k]), $"{where}.{name}[{k}] is not a 32-bit integer");
            k++;
        }
        return result;
    }

    private static JsonElement Property(JsonElement o, string name, string where) =>
        o.TryGetProperty(name, out var v) ? v : throw new FormatException($"{where} has no '{name}'");

    private static JsonElement Object(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Object ? e : throw new FormatException($"{what} is not a JSON object");

    private static JsonElement Array(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Array ? e : throw new FormatException($"{what} is not a JSON array");

    private static string Text(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"{what} is not a string");

    /// <summary>XGBoost writes its integer parameters as decimal strings.</summary>
    private static int IntText(JsonElement o, string name, string where)
    {
        string s = Text(Property(o, name, where), $"{where}.{name}");
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new FormatException($"{where}.{name} ('{s}') is not a non-negative integer");
    }

    private static void Expect(bool ok, string rule)
    {
        if (!ok) throw new FormatException(rule);
    }
}
