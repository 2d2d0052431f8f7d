using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Trainers;

/// <summary>The network a trainer fits, with the shape one row's features take on the way in.</summary>
/// <param name="Create">Creates the network from the run's seed.</param>
/// <param name="InputShape">One row's input shape.</param>
/// <param name="Spec">The layer specs, or null for a caller's module.</param>
internal sealed record PlannedNetwork(Func<int, nn.Module<Tensor, Tensor>> Create, long[] InputShape, NetworkSpec? Spec);

/// <summary>
/// Where a trainer's network comes from: layer specs (the options' network, or the catalog
/// method's default for the feature shape), or a factory of any TorchSharp module (bring your own).
/// <see cref="Plan"/> checks that the features fit its input and, for specs, that its output fits
/// the label, all before any data is read or any weight allocated.
/// </summary>
internal abstract class NetworkSource
{
    /// <summary>Plans the network for features of <paramref name="featureType"/> and <paramref name="outputs"/> outputs.</summary>
    /// <exception cref="SchemaMismatchException">The features do not fit the network's input.</exception>
    /// <exception cref="ArgumentException">The network's output does not fit the label.</exception>
    internal abstract PlannedNetwork Plan(Training.DeepTrainerOptions options, VectorDataViewType featureType, int outputs, string outputsMeaning);

    /// <summary>A network from specs: <paramref name="byShape"/> chooses one (input shape, outputs) when the options name none.</summary>
    internal static NetworkSource FromSpec(Func<int[], int, NetworkSpec> byShape) => new SpecSource(byShape);

    /// <summary>A caller's own module.</summary>
    internal static NetworkSource FromModule(Func<nn.Module<Tensor, Tensor>> factory) => new ModuleSource(factory);

    /// <summary>The feature column's own dimensions ([size] for a flat vector).</summary>
    private protected static int[] Dimensions(VectorDataViewType type) =>
        type.Dimensions.Length > 1 ? type.Dimensions.ToArray() : [type.Size];

    private protected static string Shape(IEnumerable<long> dims) => $"[{string.Join(", ", dims)}]";

    private sealed class SpecSource(Func<int[], int, NetworkSpec> byShape) : NetworkSource
    {
        internal override PlannedNetwork Plan(Training.DeepTrainerOptions options, VectorDataViewType featureType, int outputs, string outputsMeaning)
        {
            int[] shape = options.InputShape ?? Dimensions(featureType);
            var spec = options.Network ?? byShape(shape, outputs);
            if (options.Dropout is { } p)
                spec = spec with { Layers = spec.Layers.Select(l => l.Type == "Dropout" ? l with { P = p } : l).ToArray() };
            long size = spec.InputSize;
            if (size != featureType.Size)
                throw new SchemaMismatchException(options.FeatureColumnName,
                    $"Vector<Single, {size}> (the network's input {Shape(spec.InputShape.Select(d => (long)d))})", featureType.ToString());
            long[] output = NetworkShapes.Of(spec).OutputShape;
            if (output is not [var k] || k != outputs)
                throw new ArgumentException($"The network outputs {Shape(output)} per row; the label '{options.LabelColumnName}' needs [{outputs}] ({outputsMeaning}).");
            return new PlannedNetwork(seed => spec.Build(seed), NetworkShapes.ToLongs(spec.InputShape), spec);
        }
    }

    private sealed class ModuleSource(Func<nn.Module<Tensor, Tensor>> factory) : NetworkSource
    {
        internal override PlannedNetwork Plan(Training.DeepTrainerOptions options, VectorDataViewType featureType, int outputs, string outputsMeaning)
        {
            long[] shape = (options.InputShape ?? Dimensions(featureType)).Select(d => (long)d).ToArray();
            long size = shape.Aggregate(1L, (a, b) => a * b);
            if (size != featureType.Size)
                throw new SchemaMismatchException(options.FeatureColumnName, $"Vector<Single, {size}> (InputShape {Shape(shape)})", featureType.ToString());
            // A caller's module initializes itself from TorchSharp's global generator, which the trainer seeds first.
            return new PlannedNetwork(_ => Checked(factory, shape, outputs, outputsMeaning, options.LabelColumnName), shape, null);
        }

        /// <summary>Creates the module and runs one row of zeros through it, so a module that does not fit is named before training.</summary>
        private static nn.Module<Tensor, Tensor> Checked(Func<nn.Module<Tensor, Tensor>> factory, long[] shape, int outputs, string meaning, string label)
        {
            var module = factory() ?? throw new InvalidOperationException("The network factory returned null.");
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                module.eval();
                long[] output;
                try
                {
                    output = module.forward(zeros([1, .. shape])).shape;
                }
                catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
                {
                    throw new ArgumentException($"The module does not accept a row shaped {Shape(shape)} (as [1, {string.Join(", ", shape)}]): {e.Message}", e);
                }
                module.train();
                if (output is not [1, var k] || k != outputs)
                    throw new ArgumentException($"The module outputs {Shape(output.Skip(1))} per row; the label '{label}' needs [{outputs}] ({meaning}).");
                return module;
            }
            catch
            {
                module.Dispose();
                throw;
            }
        }
    }
}
