using Microsoft.ML.Data;

namespace MlNetDeep.Schema;

/// <summary>Which ML.NET item types a network's features may have (they are read as Float32).</summary>
internal static class FeatureTypes
{
    internal static bool IsNumeric(DataViewType item) =>
        item == NumberDataViewType.Single || item == NumberDataViewType.Double || item == NumberDataViewType.Byte
        || item == NumberDataViewType.Int32 || item == NumberDataViewType.Int64 || item == BooleanDataViewType.Instance;
}
