using System.Diagnostics;
using MlNetDeep.Cli.Commands;
using MlNetDeep.Cli.Specs;
using MlNetDeep.Model;

namespace MlNetDeep.Cli;

/// <summary>
/// <c>mlnetdeep &lt;command&gt; [options]</c>. Exit codes: 0 success, 1 failure, 2 usage error,
/// 3 invalid pipeline spec, 4 invalid or corrupt model zip. Errors are one line on stderr
/// (the stack trace only with --verbose).
/// </summary>
internal static class Program
{
    internal const string Usage = """
        usage: mlnetdeep <command> [options]      (mlnetdeep <command> --help for its options)
          compare          train and rank pipelines on one split: leaderboard, best model zip, HTML report
          automl           search trainers and their options under a time budget: best model zip, trials, HTML report
          train            fit one pipeline spec, evaluate it, save the model zip
          evaluate         score a model zip on a pipeline spec's test data
          predict          predict a pipeline spec's test data with a model zip
          inspect          show a model zip's schema, components, metrics and provenance
          schema           print the JSON Schema of pipeline specs
          train-reference  train the reference CNN on Fashion-MNIST (the engine's demo)
        exit codes: 0 success, 1 failure, 2 usage error, 3 invalid pipeline spec, 4 invalid model zip
        """;

    private static readonly Dictionary<string, (Func<string[], int> Run, string Usage)> s_commands = new(StringComparer.Ordinal)
    {
        ["compare"] = (CompareCommand.Run, CompareCommand.Usage),
        ["automl"] = (AutoMLCommand.Run, AutoMLCommand.Usage),
        // Started by automl for each out-of-process trial; not listed in the usage.
        ["automl-worker"] = (AutoMLCommand.Worker, "usage: mlnetdeep automl-worker <job directory> [--threads N]\n  Serves one trial of an automl search (started by automl).\n"),
        ["train"] = (TrainCommand.Run, TrainCommand.Usage),
        ["evaluate"] = (ModelCommands.Evaluate, ModelCommands.EvaluateUsage),
        ["predict"] = (ModelCommands.Predict, ModelCommands.PredictUsage),
        ["inspect"] = (ModelCommands.Inspect, ModelCommands.InspectUsage),
        ["schema"] = (Schema, "usage: mlnetdeep schema [--output FILE]\n  Prints (or writes) the JSON Schema of pipeline specs.\n"),
        ["train-reference"] = (TrainReferenceCommand.Run, TrainReferenceCommand.Usage),
    };

    internal static int Main(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            (args.Length == 0 ? Console.Error : Console.Out).WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (!s_commands.TryGetValue(args[0], out var command))
            return Fail(2, $"Unknown command '{args[0]}'.{Suggest.Hint(args[0], s_commands.Keys, "commands")}", Usage);
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(command.Usage);
            return 0;
        }
        try
        {
            return command.Run(args[1..]);
        }
        catch (UsageException e)
        {
            return Fail(2, e.Message, command.Usage);
        }
        catch (SpecException e) when (!verbose)
        {
            return Fail(3, e.Message);
        }
        catch (ModelFormatException e) when (!verbose)
        {
            return Fail(4, e.Message);
        }
        catch (Exception e) when (!verbose)
        {
            return Fail(1, e.Message);
        }
    }

    private static int Fail(int code, string message, string? usage = null)
    {
        Console.Error.WriteLine($"mlnetdeep: {message}");
        if (usage is not null) Console.Error.WriteLine(usage);
        return code;
    }

    private static int Schema(string[] args)
    {
        var cl = new CommandLine(args, ["--output"], ["--verbose"]);
        cl.AtMostPositionals(0);
        string schema = SpecSchema.Generate();
        if (cl.Value("--output") is { } path) File.WriteAllText(path, schema);
        else Console.Write(schema);
        return 0;
    }

    /// <summary>A start info that runs this CLI again (as <c>dotnet mlnetdeep.dll</c> or the apphost) with <paramref name="args"/>.</summary>
    internal static ProcessStartInfo SelfCommand(IEnumerable<string> args)
    {
        string dll = typeof(Program).Assembly.Location;
        string? host = Environment.ProcessPath;
        var psi = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? new ProcessStartInfo(host) { ArgumentList = { dll } } : new ProcessStartInfo(host ?? "dotnet");
        if (host is null) psi.ArgumentList.Add(dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.UseShellExecute = false;
        return psi;
    }
}
