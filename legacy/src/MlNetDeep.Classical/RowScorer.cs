using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>
/// Scores each row of one cursor once, however many output columns read it: reads the
/// feature vector and hands it to the model's scoring function, which fills the outputs.
/// </summary>
internal sealed class RowScorer(DataViewRowCursor cursor, ValueGetter<VBuffer<float>> features, int outputs, RowScorer.Score score)
{
    /// <summary>Fills <c>outputs</c> from one example.</summary>
    internal delegate void Score(ReadOnlySpan<float> example, Span<float> outputs);

    private readonly float[] _outputs = new float[outputs];
    private VBuffer<float> _x;
    private long _scored = -1;

    /// <summary>The current row's outputs (valid until the cursor moves).</summary>
    public float[] Outputs()
    {
        if (_scored != cursor.Position)
        {
            features(ref _x);
            score(_x.GetValues(), _outputs);
            _scored = cursor.Position;
        }
        return _outputs;
    }
}
