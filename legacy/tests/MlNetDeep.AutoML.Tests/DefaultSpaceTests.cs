using MlNetDeep.AutoML.SearchSpaces;
using MlNetDeep.Classical.Clustering;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Deep.Autoencoders;
using MlNetDeep.Deep.Training;
using Xunit;

namespace MlNetDeep.AutoML.Tests;

/// <summary>Every default space names real options and every point of it gives options the trainer accepts.</summary>
public class DefaultSpaceTests
{
    private static void EveryPointValidates<T>(SearchSpace space, T defaults, Action<T> validate) where T : class
    {
        var rng = new Random(1);
        var points = Enumerable.Range(0, 200).Select(_ => space.Sample(rng)).Append(space.LowCostPoint()).ToList();
        foreach (var p in points)
        {
            var options = OptionsSweep.Apply(defaults, p);
            validate(options);
        }
        // Every parameter reaches its property: the swept values differ from point to point.
        foreach (var parameter in space.Parameters)
            Assert.True(points.Where(p => p.ContainsKey(parameter.Name)).Select(p => p[parameter.Name].ToString()).Distinct().Count() > 1, $"{parameter.Name} never varies");
    }

    [Fact] public void Deep() => EveryPointValidates(DefaultSpaces.Deep(), new DeepTrainerOptions(), o => o.Validate());
    [Fact] public void XGBoost() => EveryPointValidates(DefaultSpaces.XGBoost(), new XGBoostOptions(), o => o.Validate());
    [Fact] public void Svm() => EveryPointValidates(DefaultSpaces.Svm(), new SvmOptions(), o => o.Validate());
    [Fact] public void LogisticRegression() => EveryPointValidates(DefaultSpaces.LogisticRegression(), new LogisticRegressionOptions(), o => o.Validate());
    [Fact] public void LinearSvm() => EveryPointValidates(DefaultSpaces.LinearSvm(), new LinearSvmOptions(), o => o.Validate());
    [Fact] public void Ridge() => EveryPointValidates(DefaultSpaces.Ridge(), new RidgeRegressionOptions(), o => o.Validate());
    [Fact] public void KMeans() => EveryPointValidates(DefaultSpaces.KMeans(), new KMeansOptions(), o => o.Validate());
    [Fact] public void Autoencoder() => EveryPointValidates(DefaultSpaces.Autoencoder(), new AutoencoderOptions(), o => o.Validate());

    [Fact]
    public void NestedNamesSetTheNestedRecord()
    {
        var o = OptionsSweep.Apply(new AutoencoderOptions(), new Dictionary<string, object> { ["Training.Epochs"] = 7, ["BottleneckSize"] = 16 });
        Assert.Equal(7, o.Training.Epochs);
        Assert.Equal(16, o.BottleneckSize);
        Assert.Equal(new AutoencoderOptions().Training.LearningRate, o.Training.LearningRate);
        Assert.NotEqual(7, new AutoencoderOptions().Training.Epochs);
    }
}
