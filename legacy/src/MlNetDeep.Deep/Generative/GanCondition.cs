using MlNetDeep.Torch;

namespace MlNetDeep.Deep.Generative;

/// <summary>
/// What a conditional GAN conditions on: the label column it was trained with and its class
/// names. The class enters each network as a one-hot vector, after z for the generator and
/// appended to the example for the discriminator.
/// </summary>
internal sealed record GanCondition(string LabelColumnName, string[] Classes)
{
    /// <summary>One-hot rows [n, <paramref name="classes"/>] of 0-based class indices; a missing label (-1) is an error naming the column.</summary>
    internal static Tensor OneHot(Tensor labels, int classes, string column)
    {
        if (labels.Min().ToInt64() < 0)
            throw new ArgumentException($"Label column '{column}' has a missing value; a conditional GAN needs a class for every row (filter the rows out first).");
        return Tensors.Eye(classes).IndexSelect(0, labels);
    }

    /// <summary>
    /// <paramref name="x"/> with the one-hot class appended: as values for [n, D], as constant
    /// channels for [n, C, H, W]; <paramref name="x"/> itself when unconditional.
    /// </summary>
    internal static Tensor Append(Tensor x, Tensor? oneHot)
    {
        if (oneHot is null) return x;
        if (x.Dim == 2) return Tensors.Cat([x, oneHot], 1);
        long[] s = x.Shape;
        return Tensors.Cat([x, oneHot.View(s[0], oneHot.Size(1), 1, 1).Expand(s[0], oneHot.Size(1), s[2], s[3])], 1);
    }
}
