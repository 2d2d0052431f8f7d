using MlNetDeep.Benchmarks;

// MlNetDeep.Benchmarks <suite> [options]               orchestrates a suite, prints key=value lines
// MlNetDeep.Benchmarks worker <suite> <task> [args]    one measurement in this process, prints JSON
if (args.Length >= 3 && args[0] == "worker")
    return args[1] switch
    {
        "deep" => DeepWorker.Run(args[2..]),
        _ => Usage(),
    };
return args.Length >= 1 ? args[0] switch
{
    "deep" => DeepSuite.Run(args[1..]),
    _ => Usage(),
} : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: MlNetDeep.Benchmarks deep [--models cnn,mlp,lenet5] [--epochs N] [--limit N] [--overhead-epochs N] [--repeats N]");
    return 2;
}
