using System.Runtime.InteropServices;

namespace DenoiseApi.OnnxRuntime.Native;

/// <summary>Environment and process-wide queries.</summary>
internal sealed unsafe partial class OrtApi
{
    internal OrtEnvHandle CreateEnv(OrtLoggingLevel level, string logId)
    {
        var fn = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)Table[OrtApiIndex.CreateEnv];
        var owner = new OrtEnvHandle();
        IntPtr env;
        fixed (byte* id = Utf8Z(logId))
        {
            Check(fn((int)level, id, &env), nameof(CreateEnv));
        }

        owner.Attach(env);
        return owner;
    }

    /// <summary>Names of the execution providers compiled into the loaded runtime, e.g. "CPUExecutionProvider".</summary>
    internal IReadOnlyList<string> GetAvailableProviders()
    {
        var get = (delegate* unmanaged<IntPtr*, int*, IntPtr>)Table[OrtApiIndex.GetAvailableProviders];
        var release = (delegate* unmanaged<IntPtr, int, IntPtr>)Table[OrtApiIndex.ReleaseAvailableProviders];
        IntPtr array;
        int count;
        Check(get(&array, &count), nameof(GetAvailableProviders));
        try
        {
            var names = new string[count];
            for (var i = 0; i < count; i++)
            {
                names[i] = Marshal.PtrToStringUTF8(((IntPtr*)array)[i]) ?? string.Empty;
            }

            return names;
        }
        finally
        {
            Check(release(array, count), "ReleaseAvailableProviders");
        }
    }
}
