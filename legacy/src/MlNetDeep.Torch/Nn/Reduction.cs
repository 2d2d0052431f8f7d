namespace MlNetDeep.Torch.Nn;

/// <summary>How a loss combines its per-element values.</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element (or per sample).</summary>
    None = 0,
    /// <summary>Mean over elements (weighted mean when class weights are given).</summary>
    Mean = 1,
    /// <summary>Sum over elements.</summary>
    Sum = 2,
}
