using System.IO.Compression;
using System.Text;
using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

/// <summary>
/// A module saved by PyTorch's <c>torch.jit.save</c>, loaded through libtorch's JIT loader onto
/// the CPU, with its parameters trainable: they are registered here under their dotted PyTorch
/// names (sharing the module's storage), so optimizers, freezing, state dicts and
/// <see cref="Module.Train"/> work as for any module. <see cref="Forward"/> calls the script's
/// <c>forward</c>, which must take and return one tensor.
/// </summary>
/// <remarks>
/// A TorchScript file is code: libtorch runs its deserializer and its methods. The archive's
/// structure is checked in managed code first (a zip with a <c>data.pkl</c> and a
/// <c>version</c> record, within the size cap), but a crafted archive can still crash
/// libtorch; load only files you trust.
/// </remarks>
public sealed class TorchScriptModule : Module<Tensor, Tensor>
{
    /// <summary>The largest archive accepted (2 GiB).</summary>
    public const long MaxBytes = int.MaxValue;

    private readonly JitHandle _module;
    private bool _nativeTraining = true;

    private TorchScriptModule(JitHandle module)
    {
        _module = module;
        foreach (var (name, t) in Entries(buffers: false)) Place(this, name.Split('.'), t, parameter: true);
        foreach (var (name, t) in Entries(buffers: true)) Place(this, name.Split('.'), t, parameter: false);
        Sync();
    }

    /// <summary>Loads the TorchScript file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a TorchScript archive (named, with the reason).</exception>
    /// <exception cref="TorchException">libtorch refused the archive.</exception>
    public static TorchScriptModule Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"No TorchScript file at {path}.", path);
        if (info.Length > MaxBytes) throw new InvalidDataException($"{path}: {info.Length} bytes is over the TorchScript cap of {MaxBytes}.");
        return Load(File.ReadAllBytes(path), path);
    }

    /// <summary>Loads a TorchScript archive from memory; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a TorchScript archive.</exception>
    /// <exception cref="TorchException">libtorch refused the archive.</exception>
    public static unsafe TorchScriptModule Load(byte[] archive, string source = "TorchScript archive")
    {
        ArgumentNullException.ThrowIfNull(archive);
        CheckArchive(archive, source);
        IntPtr native;
        fixed (byte* p = archive) StatusCheck.Check(NativeMethods.mnd_jit_load(p, archive.Length, out native));
        var handle = new JitHandle(native);
        try
        {
            return new TorchScriptModule(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Checks the zip structure torch.jit.save writes: one top folder holding data.pkl and version.</summary>
    private static void CheckArchive(byte[] archive, string source)
    {
        if (archive.Length < 4 || archive[0] != (byte)'P' || archive[1] != (byte)'K')
            throw new InvalidDataException($"{source} is not a TorchScript file: it is not a zip archive (torch.jit.save writes one).");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            bool pickled = names.Any(n => n.EndsWith("/data.pkl", StringComparison.Ordinal));
            bool versioned = names.Any(n => n.EndsWith("/version", StringComparison.Ordinal) || n.EndsWith("/.data/version", StringComparison.Ordinal));
            if (!pickled || !versioned)
                throw new InvalidDataException($"{source} is a zip archive but not a TorchScript module: it has no {(pickled ? "version record" : "data.pkl")} (entries: {string.Join(", ", names.Take(8))}{(names.Count > 8 ? ", …" : "")}).");
            if (names.Any(n => !n.Contains('/', StringComparison.Ordinal) || n.Contains("..", StringComparison.Ordinal)))
                throw new InvalidDataException($"{source}: an entry lies outside the archive's folder.");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source} is not a readable zip archive: {e.Message}", e);
        }
    }

    private unsafe List<(string Name, Tensor Tensor)> Entries(bool buffers)
    {
        StatusCheck.Check(NativeMethods.mnd_jit_count(_module, buffers ? 1 : 0, out long count));
        var result = new List<(string, Tensor)>();
        var name = new byte[256];
        for (long i = 0; i < count; i++)
        {
            long length;
            IntPtr t;
            fixed (byte* p = name) StatusCheck.Check(NativeMethods.mnd_jit_entry(_module, buffers ? 1 : 0, i, p, name.Length, out length, out t));
            var tensor = Tensor.From(0, t);
            if (length > name.Length)
            {
                name = new byte[length];
                tensor.Dispose();
                fixed (byte* p = name) StatusCheck.Check(NativeMethods.mnd_jit_entry(_module, buffers ? 1 : 0, i, p, name.Length, out length, out t));
                tensor = Tensor.From(0, t);
            }
            result.Add((Encoding.UTF8.GetString(name, 0, (int)length), tensor));
        }
        return result;
    }

    private static void Place(Module owner, string[] path, Tensor tensor, bool parameter)
    {
        var scope = owner;
        for (int i = 0; i < path.Length - 1; i++)
            scope = scope.NamedChildren().FirstOrDefault(c => c.Name == path[i]).Module ?? Scope.Add(scope, path[i]);
        Scope.Register(scope, path[^1], tensor, parameter);
    }

    /// <summary>An inner node of the script's module tree, holding its tensors under their PyTorch names.</summary>
    private sealed class Scope : Module
    {
        internal static Scope Add(Module parent, string name) => parent is TorchScriptModule root ? root.RegisterModule(name, new Scope()) : ((Scope)parent).RegisterModule(name, new Scope());

        internal static void Register(Module owner, string name, Tensor tensor, bool parameter)
        {
            if (owner is TorchScriptModule root) root.Add(name, tensor, parameter);
            else ((Scope)owner).Add(name, tensor, parameter);
        }

        private void Add(string name, Tensor tensor, bool parameter)
        {
            if (parameter) RegisterParameter(name, tensor);
            else RegisterBuffer(name, tensor);
        }
    }

    private void Add(string name, Tensor tensor, bool parameter)
    {
        if (parameter) RegisterParameter(name, tensor);
        else RegisterBuffer(name, tensor);
    }

    private void Sync()
    {
        if (_nativeTraining == IsTraining) return;
        StatusCheck.Check(NativeMethods.mnd_jit_train(_module, IsTraining ? 1 : 0));
        _nativeTraining = IsTraining;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Sync();
        return Tensor.From(NativeMethods.mnd_jit_forward(_module, input.Handle, out IntPtr r), r);
    }

    /// <summary>The module (with its current weights) as a TorchScript archive, as torch.jit.save writes.</summary>
    public unsafe byte[] Save()
    {
        StatusCheck.Check(NativeMethods.mnd_jit_save(_module, null, 0, out long length));
        if (length > MaxBytes) throw new InvalidOperationException($"The TorchScript archive would be {length} bytes, over the cap of {MaxBytes}.");
        var bytes = new byte[length];
        fixed (byte* p = bytes) StatusCheck.Check(NativeMethods.mnd_jit_save(_module, p, length, out length));
        return bytes;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _module.Dispose();
    }
}
