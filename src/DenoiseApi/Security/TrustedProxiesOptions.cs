using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Prefix</c> are believed (section <c>TrustedProxies</c>):
/// the gateway's addresses or networks. A request from anywhere else keeps its connection's address, so a caller that
/// reaches a pod directly cannot pick the address it is logged and limited as. Loopback is always trusted (a sidecar).
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string SectionName = "TrustedProxies";

    /// <summary>Single proxy addresses, e.g. 10.0.3.7.</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. 10.0.0.0/8 (the gateway pods' network).</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>How many proxy hops to unwind from the end of X-Forwarded-For; each hop must be trusted.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Checks <see cref="TrustedProxiesOptions"/> at start.</summary>
internal sealed class TrustedProxiesOptionsValidator : IValidateOptions<TrustedProxiesOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxiesOptions options)
    {
        var errors = new List<string>();
        foreach (var address in options.Addresses)
        {
            if (!IPAddress.TryParse(address, out _)) errors.Add($"TrustedProxies:Addresses entry '{address}' is not an IP address.");
        }
        foreach (var network in options.Networks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _)) errors.Add($"TrustedProxies:Networks entry '{network}' is not a network such as 10.0.0.0/8.");
        }
        if (options.ForwardLimit is < 1 or > 10) errors.Add($"TrustedProxies:ForwardLimit must be between 1 and 10, not {options.ForwardLimit}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies (and loopback).</summary>
internal sealed class ConfigureForwardedHeaders(IOptions<TrustedProxiesOptions> trusted) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;
        options.ForwardLimit = trusted.Value.ForwardLimit;
        foreach (var address in trusted.Value.Addresses) options.KnownProxies.Add(IPAddress.Parse(address));
        foreach (var network in trusted.Value.Networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
