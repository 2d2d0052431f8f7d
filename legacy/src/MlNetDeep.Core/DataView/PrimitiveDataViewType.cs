namespace MlNetDeep.Data;

/// <summary>A scalar type: numbers, bool and text. Each exists once (use the static instances).</summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    private protected PrimitiveDataViewType(Type rawType) : base(rawType) { }
}
