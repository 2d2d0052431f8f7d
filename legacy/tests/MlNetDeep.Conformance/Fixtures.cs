namespace MlNetDeep.Conformance;

/// <summary>Files under tests/fixtures/, found from the test assembly's directory.</summary>
public static class Fixtures
{
    /// <summary>The full path of tests/fixtures/<paramref name="relative"/>.</summary>
    /// <exception cref="FileNotFoundException">No such fixture above the test assembly.</exception>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = System.IO.Path.Combine(dir.FullName, "tests", "fixtures", relative);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"tests/fixtures/{relative} not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>tests/fixtures/torchscript/small_cnn.pt (written by make_fixtures.py beside it).</summary>
    public static string SmallCnnTorchScript => Path("torchscript/small_cnn.pt");
}
