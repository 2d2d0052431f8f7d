namespace MlNetDeep.Classical.Trees;

/// <summary>What an XGBoost model predicts, which fixes its objective and output columns.</summary>
public enum XGBoostTask
{
    /// <summary>Two classes from a Boolean label (<c>binary:logistic</c>): <c>Probability</c>, <c>Score</c>, <c>PredictedLabel</c>.</summary>
    Binary,
    /// <summary>Classes from a key label (<c>multi:softprob</c>): <c>Score</c> (class probabilities), <c>PredictedLabel</c>.</summary>
    Multiclass,
    /// <summary>A Single label (<c>reg:squarederror</c>): <c>Score</c>.</summary>
    Regression,
}
