using MlNetDeep.Benchmarks;

// MlNetDeep.Benchmarks <suite> [options]               orchestrates a suite, prints key=value lines
// MlNetDeep.Benchmarks worker <suite> <task> [args]    one measurement in this process, prints JSON
if (args.Length >= 3 && args[0] == "worker")
    return args[1] switch
    {
        "engine" => EngineWorker.Run(args[2], args[3..]),
        "data" => DataWorker.Run(args[2], args[3..]),
        "predict" => PredictWorker.Run(args[2], args[3..]),
        "zip" => ZipFuzz.Worker(args[3..]),
        "deep" => DeepWorker.Run(args[2..]),
        "classical" => ClassicalWorker.Run(args[2..]),
        "seq" => args[2] switch { "ae" => SeqSuite.AutoencoderWorker(args[2..]), "gan" => SeqSuite.GanWorker(args[2..]), _ => SeqSuite.Worker(args[2..]) },
        _ => Usage(),
    };
return args.Length >= 1 ? args[0] switch
{
    "engine" => EngineSuite.Run(args[1..]),
    "data" => DataSuite.Run(args[1..]),
    "predict" => PredictSuite.Run(args[1..]),
    "zip" => ZipFuzz.Suite(args[1..]),
    "deep" => DeepSuite.Run(args[1..]),
    "classical" => ClassicalSuite.Run(args[1..]),
    "compare" => CompareSuite.Run(args[1..]),
    // Issue 8's sequence models: the GRU over image rows and the character language model;
    // the autoencoder and GAN figures join as those trainers land.
    "seq" => SeqSuite.Run(args[1..]),
    "transfer" => TransferSuite.Run(args[1..]),
    "automl" => AutoMLSuite.Run(args[1..]),
    "automl-fmnist" => AutoMLSuite.RunFashionMnist(args[1..]),
    _ => Usage(),
} : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: MlNetDeep.Benchmarks <engine|data|predict|zip|deep|classical|compare|seq|transfer|automl|automl-fmnist> [--rounds N]");
    return 2;
}
