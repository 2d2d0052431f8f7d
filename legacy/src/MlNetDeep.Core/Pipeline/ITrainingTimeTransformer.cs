namespace MlNetDeep;

/// <summary>
/// A transformer that behaves differently while the rest of a pipeline is being trained
/// (data augmentation, as Keras's preprocessing layers do): <see cref="ITransformer.Transform"/>
/// is its inference behaviour (usually identity); <see cref="TransformForTraining"/> is what
/// the estimators after it in an <see cref="EstimatorChain{TLastTransformer}"/> see while fitting.
/// </summary>
public interface ITrainingTimeTransformer : ITransformer
{
    /// <summary>The view later estimators train on: random per row and per pass (each new cursor), repeatable for a seed.</summary>
    IDataView TransformForTraining(IDataView input);
}
