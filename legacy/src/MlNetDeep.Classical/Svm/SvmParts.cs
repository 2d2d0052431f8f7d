namespace MlNetDeep.Classical.Svm;

/// <summary>
/// Everything libsvm needs to predict, as managed arrays: what a trained model is copied into and
/// what a saved one is read back as. <see cref="Check"/> states the invariants libsvm relies on
/// (it indexes these arrays without bounds checks), so a crafted file is refused in managed code.
/// </summary>
internal sealed record SvmParts
{
    public required int SvmType { get; init; }
    public required int KernelType { get; init; }
    public required int Degree { get; init; }
    public required double Gamma { get; init; }
    public required double Coef0 { get; init; }
    public required int NrClass { get; init; }
    /// <summary>libsvm's label of each of its classes, in its order (classification); our class indices.</summary>
    public required int[] Labels { get; init; }
    /// <summary>Support vectors per class, in <see cref="Labels"/> order (classification).</summary>
    public required int[] SupportVectorsPerClass { get; init; }
    public required double[] Rho { get; init; }
    public double[]? ProbA { get; init; }
    public double[]? ProbB { get; init; }
    public required int SupportVectorCount { get; init; }
    /// <summary>Support vectors, dense row-major [count × features] (exactly the training values, which were single precision).</summary>
    public required float[] SupportVectors { get; init; }
    /// <summary>Dual coefficients [(NrClass − 1) × count].</summary>
    public required double[] Coefficients { get; init; }

    /// <summary>Pairs of classes (one-vs-one decision functions).</summary>
    public int Pairs => NrClass * (NrClass - 1) / 2;

    /// <exception cref="FormatException">An invariant does not hold; the message says which.</exception>
    public void Check(int features, int expectedClasses)
    {
        static void Expect(bool ok, string rule)
        {
            if (!ok) throw new FormatException(rule);
        }
        static bool Finite(double[]? v) => v is null || v.All(double.IsFinite);
        Expect(SvmType is SvmNative.CSvc or SvmNative.OneClass or SvmNative.EpsilonSvr, $"svm type {SvmType} is not C-SVC (0), one-class (2) or epsilon-SVR (3)");
        Expect(KernelType is >= 0 and <= 3, $"kernel type {KernelType} is not linear, polynomial, RBF or sigmoid (0 to 3)");
        Expect(Degree is >= 0 and <= 100, $"degree {Degree} is outside [0, 100]");
        Expect(double.IsFinite(Gamma) && (KernelType == 0 || Gamma > 0), $"gamma {Gamma} is not a finite positive number");
        Expect(double.IsFinite(Coef0), "coef0 is not finite");
        Expect(SupportVectorCount >= 0, "negative support vector count");
        Expect(SupportVectors.LongLength == (long)SupportVectorCount * features, $"{SupportVectors.LongLength} support vector values are not {SupportVectorCount} x {features}");
        Expect(SupportVectors.All(float.IsFinite), "a support vector value is not finite");
        Expect(Finite(Rho) && Finite(Coefficients) && Finite(ProbA) && Finite(ProbB), "a coefficient, rho or probability parameter is not finite");
        if (SvmType == SvmNative.CSvc)
        {
            Expect(NrClass == expectedClasses, $"{NrClass} classes; the model's metadata says {expectedClasses}");
            Expect(Labels.Length == NrClass && Labels.Order().SequenceEqual(Enumerable.Range(0, NrClass)), "labels are not a permutation of the class indices");
            Expect(SupportVectorsPerClass.Length == NrClass && SupportVectorsPerClass.All(c => c >= 0) && SupportVectorsPerClass.Sum(c => (long)c) == SupportVectorCount,
                "support vectors per class do not add up to the support vector count");
            Expect(Rho.Length == Pairs, $"rho has {Rho.Length} values for {Pairs} class pairs");
            Expect(ProbA is null == ProbB is null && (ProbA is null || (ProbA.Length == Pairs && ProbB!.Length == Pairs)), "probability parameters are not one pair per class pair");
            Expect(Coefficients.LongLength == (long)(NrClass - 1) * SupportVectorCount, "coefficients are not (classes - 1) x support vectors");
        }
        else
        {
            Expect(NrClass == 2 && Labels.Length == 0 && SupportVectorsPerClass.Length == 0, "a regression or one-class model has no classes");
            Expect(Rho.Length == 1, "a regression or one-class model has one rho");
            Expect(ProbB is null && (ProbA is null || (SvmType == SvmNative.EpsilonSvr && ProbA.Length == 1)), "probability parameters do not fit the model type");
            Expect(Coefficients.Length == SupportVectorCount, "coefficients are not one per support vector");
        }
    }
}
