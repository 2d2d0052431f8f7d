using MlNetDeep.Data;

namespace MlNetDeep.Deep.Trainers;

/// <summary>The feature-column check every deep trainer makes.</summary>
internal static class FeatureColumn
{
    /// <summary>The dimensions of <paramref name="name"/>, which must be a Vector&lt;Single&gt; of known size (every example one shape).</summary>
    /// <exception cref="SchemaMismatchException">Missing, variable-length (with a word on padding sequences), or another type.</exception>
    public static int[] Shape(DataViewSchema schema, string name)
    {
        var col = schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, "a Vector<Single> of known size", null);
        if (col.Type is VectorDataViewType { IsKnownSize: false })
            throw new SchemaMismatchException(name,
                "a Vector<Single> of known size: the network needs every example (sequence) to have the same length; pad or cut variable-length sequences to one length first",
                $"a variable-length {col.Type}");
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(name, "a Vector<Single> of known size", col.Type.ToString());
        return v.Dimensions.ToArray();
    }
}
