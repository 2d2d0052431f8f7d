using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNetDeep.Cli.Specs;

/// <summary>A pipeline spec is wrong: the message names the file, line and column, and what to write instead.</summary>
internal sealed class SpecException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;

    public static SpecException At(string file, YamlNode node, string problem) => new(file, node.Start.Line, node.Start.Column, problem);

    public static SpecException At(string file, Mark mark, string problem) => new(file, mark.Line, mark.Column, problem);
}
