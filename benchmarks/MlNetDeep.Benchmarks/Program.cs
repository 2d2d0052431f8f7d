using MlNetDeep.Benchmarks;

// MlNetDeep.Benchmarks <suite> [options]       orchestrates a suite, prints key=value lines
// MlNetDeep.Benchmarks worker <suite> <task>   one measurement in this process, prints JSON
if (args.Length >= 3 && args[0] == "worker")
    return EngineWorker.Run(args[2], args[3..]);
if (args.Length >= 1 && args[0] == "engine")
    return EngineSuite.Run(args[1..]);
Console.Error.WriteLine("usage: MlNetDeep.Benchmarks engine [--rounds N]");
return 2;
