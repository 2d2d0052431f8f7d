namespace MlNetDeep.Classical.Linear;

/// <summary>How a linear model's outputs w·x + b become predictions (and which columns it adds).</summary>
public enum LinearTask
{
    /// <summary>One logit: <c>Probability</c> (its sigmoid), <c>Score</c> (the logit), <c>PredictedLabel</c> (Boolean).</summary>
    BinaryLogistic,
    /// <summary>One margin (a linear SVM): <c>Score</c>, <c>PredictedLabel</c> (Boolean, margin &gt; 0).</summary>
    BinaryMargin,
    /// <summary>One logit per class: <c>Score</c> (softmax probabilities), <c>PredictedLabel</c> (key).</summary>
    MulticlassSoftmax,
    /// <summary>One margin per class, one-vs-rest (a linear SVM): <c>Score</c> (the margins), <c>PredictedLabel</c> (key, the largest).</summary>
    MulticlassMargin,
    /// <summary>One value: <c>Score</c>.</summary>
    Regression,
}
