using DenoiseApi.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Input;

/// <summary>Registers the input stage and applies the request size limit to Kestrel and to form reading.</summary>
public static class InputRegistration
{
    public static IServiceCollection AddImageInput(this IServiceCollection services)
    {
        services.AddSingleton<ImageRequestReader>();
        services.AddSingleton<DecodeGate>();
        services.AddSingleton<DigitDecoder>();
        services.AddSingleton<DigitInputReader>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
        {
            if (ValidLimits(limits) is { } valid) kestrel.Limits.MaxRequestBodySize = valid.MaxRequestBytes;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<LimitsOptions>>((form, limits) =>
        {
            if (ValidLimits(limits) is { } valid) form.MultipartBodyLengthLimit = valid.MaxRequestBytes;
        });
        return services;
    }

    /// <summary>
    /// The limits, or null when they fail validation. Kestrel reads its options while the app is built, before the host
    /// starts: throwing there would end the process with a bare stack trace. Left alone, the invalid section is reported
    /// by start-up validation like every other setting ("Hosting failed to start" and the message), and no request is
    /// ever served with Kestrel's default in between.
    /// </summary>
    private static LimitsOptions? ValidLimits(IOptions<LimitsOptions> limits)
    {
        try
        {
            return limits.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
