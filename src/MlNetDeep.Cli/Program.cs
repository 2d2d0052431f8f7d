using MlNetDeep.Cli;

// mlnetdeep <command> [options]. Exit codes: 0 success, 1 failure, 2 usage error.
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help")
    {
        Console.WriteLine(TrainReferenceCommand.Usage);
        return args.Length == 0 ? 2 : 0;
    }
    return args[0] switch
    {
        "train-reference" => TrainReferenceCommand.Run(args[1..]),
        _ => Usage($"Unknown command '{args[0]}'."),
    };
}
catch (UsageException e)
{
    return Usage(e.Message);
}
catch (Exception e) when (!args.Contains("--verbose"))
{
    Console.Error.WriteLine($"mlnetdeep: {e.Message}");
    return 1;
}

static int Usage(string message)
{
    Console.Error.WriteLine($"mlnetdeep: {message}");
    Console.Error.WriteLine(TrainReferenceCommand.Usage);
    return 2;
}
