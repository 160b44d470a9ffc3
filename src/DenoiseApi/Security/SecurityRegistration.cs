using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DenoiseApi.Security;

/// <summary>
/// Wires the edge: correlation id, security headers, CORS, API keys and the per-client rate limiter,
/// each configured from its own validated section (<c>Auth</c>, <c>RateLimiting</c>, <c>Cors</c>).
/// </summary>
public static class SecurityRegistration
{
    /// <summary>
    /// Registers the options, the key store, the limiter, CORS and the Swagger key scheme; authentication and
    /// authorization only when <c>Auth:Enabled</c> is set in <paramref name="configuration"/>. With keys off the service
    /// has no authentication at all: ASP.NET Core makes a lone scheme the default one, so a registered but unused key
    /// scheme would still run (an activated handler, a logger and an authentication metric) on every request.
    /// </summary>
    public static IServiceCollection AddEdgeSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidated<ApiKeyOptions, ApiKeyOptionsValidator>(ApiKeyOptions.SectionName);
        services.AddValidated<RateLimitingOptions, RateLimitingOptionsValidator>(RateLimitingOptions.SectionName);
        services.AddValidated<CorsSettings, CorsSettingsValidator>(CorsSettings.SectionName);
        services.AddValidated<TrustedProxiesOptions, TrustedProxiesOptionsValidator>(TrustedProxiesOptions.SectionName);
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>, ConfigureForwardedHeaders>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        // The scheme's own (named) options are bound from the same section; the unnamed ones are validated at start.
        services.AddOptions<ApiKeyOptions>(ApiKeyAuthentication.Scheme).BindConfiguration(ApiKeyOptions.SectionName);
        if (KeysEnabled(configuration))
        {
            services.AddAuthentication(ApiKeyAuthentication.Scheme)
                .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
            services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, ApiKeyAuthentication.BuildPolicy());
        }
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>, ClientRateLimiter>();
        services.AddCors();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddSingleton<IConfigureOptions<CorsOptions>, ConfigureCorsPolicy>();
        services.AddSingleton<IConfigureOptions<SwaggerGenOptions>, SwaggerApiKeySetup>();
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ProblemDetailsOptions>(options =>
        {
            var previous = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                CorrelationIdMiddleware.AddTo(context);
            };
        });
        return services;
    }

    /// <summary>
    /// Adds the edge middleware in order: forwarded headers from trusted proxies (client address, scheme, path base),
    /// correlation id (so everything after logs with it), security headers, CORS, authentication (who the caller is),
    /// rate limit (when on; a caller whose key was not accepted counts as its address, so wrong keys use up that
    /// address's bucket), authorization (the endpoints' policies: 401/429 from the key scheme). Call it early, before
    /// the static files and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseEdgeSecurity(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.ApplicationServices.GetRequiredService<IOptions<CorsSettings>>().Value.Enabled) app.UseCors();
        // Registered only when keys are on (AddEdgeSecurity decides it once).
        var keys = app.ApplicationServices.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null;
        if (keys) app.UseAuthentication();
        if (app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled) app.UseRateLimiter();
        if (keys) app.UseAuthorization();
        return app;
    }

    /// <summary>Whether API keys are on: read at registration, because it decides which services exist.</summary>
    private static bool KeysEnabled(IConfiguration configuration) =>
        configuration.GetSection(ApiKeyOptions.SectionName).GetValue<bool>(nameof(ApiKeyOptions.Enabled));

    private static void AddValidated<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
