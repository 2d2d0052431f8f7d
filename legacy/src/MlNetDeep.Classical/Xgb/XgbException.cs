namespace MlNetDeep.Classical.Xgb;

/// <summary>XGBoost refused a call; the message is XGBoost's own text.</summary>
public sealed class XgbException : Exception
{
    /// <summary>Creates the exception with XGBoost's message.</summary>
    public XgbException(string message) : base($"XGBoost: {message}") { }
}
