using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Networks;

/// <summary>
/// An activation applied in place to the previous layer's output (ReLU, LeakyReLU, Tanh, Sigmoid),
/// which saves allocating and writing a second activation of the same size each step. Only used
/// after layers whose backward pass does not need their own output (convolutions, linear layers,
/// batch norm, pooling; see <see cref="NetworkSpec.Build"/>), which autograd would otherwise refuse.
/// </summary>
internal sealed class InPlaceActivation : nn.Module<Tensor, Tensor>
{
    private readonly string _kind;
    private readonly double _slope;

    internal InPlaceActivation(string kind, double slope = 0) : base(kind) => (_kind, _slope) = (kind, slope);

    /// <summary>Overwrites the input and returns a new handle to it: <see cref="SpecSequential"/>, like TorchSharp's Sequential, disposes each layer's input handle once the next layer has run.</summary>
    public override Tensor forward(Tensor input) => (_kind switch
    {
        "ReLU" => input.relu_(),
        "LeakyReLU" => input.leaky_relu_(_slope),
        "Tanh" => input.tanh_(),
        _ => input.sigmoid_(),
    }).alias();
}
