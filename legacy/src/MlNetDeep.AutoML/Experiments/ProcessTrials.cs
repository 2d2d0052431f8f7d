using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetDeep.AutoML.SearchSpaces;

namespace MlNetDeep.AutoML.Experiments;

/// <summary>Settings of out-of-process trials (<see cref="ProcessTrialObjective"/>).</summary>
public sealed record ProcessTrialOptions
{
    /// <summary>
    /// The most resident memory (MB) a trial's process may hold: past it the process is killed
    /// and the trial recorded as failed, naming the cap. The process's managed heap is also
    /// capped at 80% of it (<c>DOTNET_GCHeapHardLimit</c>), so managed over-allocation fails
    /// inside the trial as an <see cref="OutOfMemoryException"/> before the machine swaps.
    /// Null: no cap.
    /// </summary>
    public double? MemoryLimitMb { get; init; }

    /// <summary>How often the process's resident memory is checked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a process that sent its result may take to exit before it is killed.</summary>
    public TimeSpan ExitGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (MemoryLimitMb is { } m && !(m >= 32)) throw new ArgumentException($"MemoryLimitMb must be at least 32 (a .NET process needs that much to start). Received: {m}.");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException($"PollInterval must be positive. Received: {PollInterval}.");
        if (ExitGrace < TimeSpan.Zero) throw new ArgumentException($"ExitGrace must not be negative. Received: {ExitGrace}.");
    }
}

/// <summary>
/// A trial that failed in its own process: the objective threw there (<see cref="RemoteType"/>
/// names the exception), the process crashed or exited without a result, or it went past its
/// memory cap and was killed.
/// </summary>
public sealed class TrialProcessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialProcessException() { }

    /// <summary>Creates the exception.</summary>
    public TrialProcessException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TrialProcessException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for an error the trial's process reported.</summary>
    public TrialProcessException(string message, string? remoteType) : base(message) => RemoteType = remoteType;

    /// <summary>The type name of the exception the trial threw in its process, "MemoryLimit" when the cap killed it, or null when the process died without saying.</summary>
    public string? RemoteType { get; }
}

/// <summary>
/// Runs each trial in a child process, so a trial that hangs (ignoring its cancellation token,
/// or stuck in native code), crashes the process, or eats memory cannot take the experiment
/// down: at the trial's timeout, the budget's end or cancellation the process tree is killed
/// and the trial recorded as stopped; past <see cref="ProcessTrialOptions.MemoryLimitMb"/> it is
/// killed and recorded as failed; a crash is recorded as failed with the exit code and the
/// process's last error output. The child runs <see cref="TrialWorker.Serve(Func{TrialContext, TrialResult})"/>
/// with the objective; they talk in lines on its standard input and output (the objective's own
/// console output goes to standard error). Intermediate losses reach the parent's pruner, so
/// ASHA works across processes.
/// </summary>
/// <example><code>
/// var objective = new ProcessTrialObjective(trial => new ProcessStartInfo("dotnet", ["worker.dll"]), new ProcessTrialOptions { MemoryLimitMb = 4096 });
/// var experiment = new Experiment(tuner, objective.Run, new ExperimentOptions { TrialTimeout = TimeSpan.FromMinutes(5), MaxTrials = 50 });
/// </code></example>
public sealed class ProcessTrialObjective
{
    private readonly Func<TrialContext, ProcessStartInfo> _start;

    /// <summary>Creates the objective; <paramref name="start"/> gives the command that runs the worker for a trial.</summary>
    public ProcessTrialObjective(Func<TrialContext, ProcessStartInfo> start, ProcessTrialOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        Options = options ?? new ProcessTrialOptions();
        Options.Validate();
        _start = start;
    }

    /// <summary>The settings.</summary>
    public ProcessTrialOptions Options { get; }

    /// <summary>Runs <paramref name="trial"/> in a new process and returns its result (the objective to give an <see cref="Experiment"/>).</summary>
    /// <exception cref="OperationCanceledException">The trial's token fired (timeout, budget, cancellation); the process was killed.</exception>
    /// <exception cref="TrialProcessException">The trial threw in its process, crashed, or went past the memory cap.</exception>
    public TrialResult Run(TrialContext trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        trial.Cancellation.ThrowIfCancellationRequested();
        var psi = _start(trial) ?? throw new InvalidOperationException("The start function returned no process start info.");
        psi.UseShellExecute = false;
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.StandardOutputEncoding = psi.StandardErrorEncoding = Encoding.UTF8;
        double? cap = Options.MemoryLimitMb;
        if (cap is { } mb) psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)(mb * 0.8 * 1048576)).ToString("X", CultureInfo.InvariantCulture);

        using var process = Process.Start(psi) ?? throw new TrialProcessException($"Could not start the trial process '{psi.FileName}'.");
        var errors = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > 20) errors.Dequeue();
            }
        };
        process.BeginErrorReadLine();

        int killedFor = 0; // 1: the token fired, 2: the memory cap
        double residentMb = 0;
        void Kill(int why)
        {
            if (Interlocked.CompareExchange(ref killedFor, why, 0) != 0) return;
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // already exited
            catch (Win32Exception) { }
        }
        using var onCancel = trial.Cancellation.Register(() => Kill(1));
        using var monitor = cap is { } limit ? new Timer(_ =>
        {
            try
            {
                process.Refresh();
                double mb = process.WorkingSet64 / 1048576.0;
                lock (errors) residentMb = Math.Max(residentMb, mb);
                if (mb > limit) Kill(2);
            }
            catch (InvalidOperationException) { } // exited
        }, null, TimeSpan.Zero, Options.PollInterval) : null;

        var input = process.StandardInput;
        Send(input, TrialWorker.Prefix + "run " + TrialWorker.Request(trial.Id, trial.Parameters));
        TrialResult? result = null;
        TrialProcessException? failure = null;
        string? line;
        while (result is null && failure is null && (line = process.StandardOutput.ReadLine()) is not null)
        {
            if (!line.StartsWith(TrialWorker.Prefix, StringComparison.Ordinal)) continue;
            string body = line[TrialWorker.Prefix.Length..];
            int space = body.IndexOf(' ', StringComparison.Ordinal);
            string verb = space < 0 ? body : body[..space], json = space < 0 ? "{}" : body[(space + 1)..];
            try
            {
                using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
                var root = doc.RootElement;
                switch (verb)
                {
                    case "report":
                        bool stop = trial.ShouldPrune(root.GetProperty("resource").GetInt32(), TrialWorker.ReadNumber(root.GetProperty("loss")));
                        Send(input, TrialWorker.Prefix + (stop ? "prune" : "continue"));
                        break;
                    case "result":
                        var metrics = root.TryGetProperty("metrics", out var m)
                            ? JsonSerializer.Deserialize(m.GetRawText(), TrialRecords.Metrics) : null;
                        result = new TrialResult(TrialWorker.ReadNumber(root.GetProperty("loss")), metrics);
                        break;
                    case "error":
                        string type = root.GetProperty("type").GetString() ?? "Exception";
                        failure = new TrialProcessException($"{type}: {root.GetProperty("message").GetString()}", type);
                        break;
                    default:
                        failure = new TrialProcessException($"The trial process sent an unknown message '{verb}'.");
                        break;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                failure = new TrialProcessException($"The trial process sent a malformed '{verb}' line: {e.Message}", e);
            }
        }
        if (!process.WaitForExit(Options.ExitGrace)) Kill(3);
        process.WaitForExit();
        if (killedFor == 1) throw new OperationCanceledException("The trial's process was killed at its timeout, the budget's end or cancellation.", trial.Cancellation);
        if (killedFor == 2)
        {
            double seen;
            lock (errors) seen = residentMb;
            throw new TrialProcessException(string.Create(CultureInfo.InvariantCulture,
                $"The trial went past its memory cap of {cap:0.#} MB (resident {seen:F0} MB) and its process was killed."), "MemoryLimit");
        }
        if (failure is not null) throw failure;
        if (result is not null) return result;
        string? last;
        lock (errors) last = errors.LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
        throw new TrialProcessException($"The trial process exited with code {process.ExitCode} without a result" + (last is null ? "." : $"; its last error output: {last.Trim()}"));
    }

    private static void Send(StreamWriter input, string line)
    {
        try
        {
            input.WriteLine(line);
            input.Flush();
        }
        catch (IOException) { } // the process already died; its exit says why
    }
}

/// <summary>
/// The child's side of <see cref="ProcessTrialObjective"/>: call <see cref="Serve(Func{TrialContext, TrialResult})"/>
/// from the worker program's Main with the objective, and return its exit code.
/// </summary>
public static class TrialWorker
{
    internal const string Prefix = "@trial ";

    /// <summary>
    /// Reads one trial from standard input, runs <paramref name="objective"/> on it and writes
    /// its result (or its error) to standard output. While it runs, console output goes to
    /// standard error so it cannot be mistaken for the protocol; <see cref="TrialContext.ShouldPrune"/>
    /// asks the parent's pruner.
    /// </summary>
    /// <returns>The process exit code: 0 when the trial finished, 1 when it threw, 2 when no trial was sent.</returns>
    public static int Serve(Func<TrialContext, TrialResult> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        Console.SetOut(Console.Error);
        return Serve(objective, Console.In, output);
    }

    internal static int Serve(Func<TrialContext, TrialResult> objective, TextReader input, TextWriter output)
    {
        string? line = input.ReadLine();
        if (line is null || !line.StartsWith(Prefix + "run ", StringComparison.Ordinal))
        {
            Write(output, "error", w => { w.WriteString("type", "ProtocolError"); w.WriteString("message", "The worker was started without a trial on its standard input."); });
            return 2;
        }
        int id;
        ParameterSet parameters;
        try
        {
            using var doc = JsonDocument.Parse(line[(Prefix.Length + 4)..], new JsonDocumentOptions { MaxDepth = 8 });
            id = doc.RootElement.GetProperty("id").GetInt32();
            parameters = TrialRecords.ReadParameters(doc.RootElement.GetProperty("parameters").GetRawText(), "The trial sent to the worker");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
        {
            Write(output, "error", w => { w.WriteString("type", "ProtocolError"); w.WriteString("message", $"The trial sent to the worker is malformed: {e.Message}"); });
            return 2;
        }
        var context = new TrialContext(id, parameters, CancellationToken.None, new RemotePruner(input, output));
        try
        {
            var result = objective(context);
            Write(output, "result", w =>
            {
                WriteNumber(w, "loss", result.Loss);
                w.WritePropertyName("metrics");
                w.WriteRawValue(JsonSerializer.Serialize(new Dictionary<string, double>(result.Metrics ?? new Dictionary<string, double>()), TrialRecords.Metrics));
            });
            return 0;
        }
#pragma warning disable CA1031 // Whatever the trial threw is the parent's to record.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Write(output, "error", w => { w.WriteString("type", e.GetType().Name); w.WriteString("message", e.Message); });
            return 1;
        }
    }

    internal static string Request(int id, ParameterSet parameters) =>
        "{\"id\":" + id.ToString(CultureInfo.InvariantCulture) + ",\"parameters\":" + TrialRecords.WriteParameters(parameters) + "}";

    /// <summary>A number that may be non-finite (written as a string, as the metrics are).</summary>
    internal static double ReadNumber(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : e.GetDouble();

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    private static void Write(TextWriter output, string verb, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        output.WriteLine(Prefix + verb + " " + Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }

    /// <summary>Asks the parent's pruner: sends the intermediate loss and waits for the answer.</summary>
    private sealed class RemotePruner(TextReader input, TextWriter output) : IPruner
    {
        public bool ShouldStop(int trialId, int resource, double loss)
        {
            Write(output, "report", w => { w.WriteNumber("resource", resource); WriteNumber(w, "loss", loss); });
            string? answer = input.ReadLine();
            // No answer: the parent is gone; stop rather than train for nobody.
            return answer is null || answer == Prefix + "prune";
        }
    }
}
