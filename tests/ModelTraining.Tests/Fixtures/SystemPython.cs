using System.Diagnostics;

namespace DenoiseApi.Training.Tests.Fixtures;

/// <summary>
/// Runs a script with Debian's /usr/bin/python3 (which has python3-onnx and numpy), returning its standard output;
/// a non-zero exit fails with the script's own error output.
/// </summary>
public static class SystemPython
{
    public const string Executable = "/usr/bin/python3";

    public static string Run(string script, params string[] arguments)
    {
        using var dir = new TempDirectory();
        string scriptPath = dir.File("script.py");
        File.WriteAllText(scriptPath, script);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} {scriptPath} did not finish within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Executable} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        }

        return stdout.Result;
    }
}
