using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The built service started as a container runtime starts it: <c>dotnet DenoiseApi.dll</c> in its own folder, with
/// no inherited environment but the pod's (image ENV, then the Kubernetes ConfigMap; image paths moved to this
/// machine's copies and ASPNETCORE_URLS on a free loopback port), stopped with SIGTERM.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>Overrides the model repository the tests serve (default: the repository's models/).</summary>
    public const string ModelsVariable = "DEPLOYMENT_TESTS_MODELS";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the service wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string ModelsRoot => Environment.GetEnvironmentVariable(ModelsVariable) is { Length: > 0 } models ? models : RepoPaths.Models;

    /// <summary>The service's build output next to this test assembly's configuration.</summary>
    public static string ServiceAssembly => RepoPaths.InRoot("src", "DenoiseApi", "bin", RepoPaths.Configuration, "net10.0", "DenoiseApi.dll");

    /// <summary>
    /// The environment a pod of <paramref name="overlay"/> gets — its image's ENV (the GPU Dockerfile for a ":gpu"
    /// image, else the CPU one) overlaid by the ConfigMap — moved onto this machine: the models at their local path,
    /// ASPNETCORE_URLS on the loopback <paramref name="port"/>.
    /// </summary>
    public static Dictionary<string, string?> EnvironmentOf(string overlay, int port)
    {
        var image = Manifests.Rendered.Container(overlay).StringAt("image");
        var dockerfile = image.EndsWith(":gpu", StringComparison.Ordinal) ? "Dockerfile.gpu" : "Dockerfile";
        var env = DockerfileModel.Load(Path.Combine(RepoPaths.Docker, dockerfile)).Final.Environment();
        foreach (var (key, value) in Manifests.Rendered.Environment(overlay)) env[key] = value;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["Models__Root"] = ModelsRoot;
        return env;
    }

    /// <param name="environment">The process's environment for the loopback port it is given.</param>
    /// <param name="serviceAssembly">The DenoiseApi.dll to start (default: the CPU build next to these tests, <see cref="ServiceAssembly"/>).</param>
    public static ServiceProcess Start(Func<int, IReadOnlyDictionary<string, string?>> environment, string? serviceAssembly = null)
    {
        var dll = serviceAssembly ?? ServiceAssembly;
        if (!File.Exists(dll)) throw new FileNotFoundException($"The service is not built at {dll}.", dll);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Executables.Find("dotnet") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_RUNNING_IN_CONTAINER"] = "true";
        foreach (var (key, value) in environment(port)) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        return new ServiceProcess(process, port);
    }

    /// <summary>Polls /health/ready until it answers 200; fails early, with the service's output, if the process ends.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < limit)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (stopwatch.Elapsed < limit)
            {
                // One probe outlasted the client's 5 s (a start-up on a loaded machine): not ready yet, ask again.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The service was not ready within {limit}:\n{Output}");
    }

    /// <summary>What a container runtime sends to stop a container (and the kubelet after preStop).</summary>
    public void SendSigterm()
    {
        var kill = Executables.Run("/bin/kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {Id} failed: {kill.StandardError}");
    }

    /// <summary>The exit code, once the process has ended (killed after <paramref name="limit"/> as the kubelet would).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service did not exit within {limit} of SIGTERM:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>True once nothing accepts connections on the service's port any more.</summary>
    public bool RefusesConnections()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            SendSigterm();
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Already killed by WaitForExitAsync.
            }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
