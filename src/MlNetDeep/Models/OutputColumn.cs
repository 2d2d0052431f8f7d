using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetDeep.Models;

/// <summary>The current row's post-processed network output (one row's slice).</summary>
internal delegate ReadOnlySpan<float> RowOutput();

/// <summary>
/// One column a fitted model adds: its name, type and annotations, and how its value is read
/// from a row's post-processed network output.
/// </summary>
internal sealed class OutputColumn
{
    private readonly Func<RowOutput, Delegate> _getter;

    private OutputColumn(string name, DataViewType type, DataViewSchema.Annotations annotations, Func<RowOutput, Delegate> getter) =>
        (Name, Type, Annotations, _getter) = (name, type, annotations, getter);

    internal string Name { get; }
    internal DataViewType Type { get; }
    internal DataViewSchema.Annotations Annotations { get; }

    /// <summary>The column's getter over <paramref name="output"/>.</summary>
    internal Delegate Getter(RowOutput output) => _getter(output);

    /// <summary>A Single scalar: output value <paramref name="index"/>.</summary>
    internal static OutputColumn Single(string name, int index, DataViewSchema.Annotations annotations) =>
        new(name, NumberDataViewType.Single, annotations, output => (ValueGetter<float>)((ref float value) => value = output()[index]));

    /// <summary>A Boolean scalar: whether output value <paramref name="index"/> is above <paramref name="threshold"/>.</summary>
    internal static OutputColumn Boolean(string name, int index, float threshold, DataViewSchema.Annotations annotations) =>
        new(name, BooleanDataViewType.Instance, annotations, output => (ValueGetter<bool>)((ref bool value) => value = output()[index] > threshold));

    /// <summary>A Vector&lt;Single, <paramref name="count"/>&gt; of output values <paramref name="start"/>…</summary>
    internal static OutputColumn Vector(string name, int start, int count, DataViewSchema.Annotations annotations) =>
        new(name, new VectorDataViewType(NumberDataViewType.Single, count), annotations, output => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
        {
            var editor = VBufferEditor.Create(ref value, count);
            output().Slice(start, count).CopyTo(editor.Values);
            value = editor.Commit();
        }));

    /// <summary>A Vector&lt;Boolean, <paramref name="count"/>&gt;: whether each output value from <paramref name="start"/> is above <paramref name="threshold"/>.</summary>
    internal static OutputColumn BooleanVector(string name, int start, int count, float threshold, DataViewSchema.Annotations annotations) =>
        new(name, new VectorDataViewType(BooleanDataViewType.Instance, count), annotations, output => (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> value) =>
        {
            var editor = VBufferEditor.Create(ref value, count);
            var values = output().Slice(start, count);
            for (int i = 0; i < count; i++) editor.Values[i] = values[i] > threshold;
            value = editor.Commit();
        }));

    /// <summary>A Key&lt;UInt32, <paramref name="count"/>&gt; scalar: 1 + the index of the largest of the output values from <paramref name="start"/>.</summary>
    internal static OutputColumn ArgMaxKey(string name, int start, int count, DataViewSchema.Annotations annotations) =>
        new(name, new KeyDataViewType(typeof(uint), count), annotations, output => (ValueGetter<uint>)((ref uint value) =>
        {
            var values = output().Slice(start, count);
            int best = 0;
            for (int i = 1; i < count; i++)
                if (values[i] > values[best]) best = i;
            value = (uint)best + 1;
        }));
}
