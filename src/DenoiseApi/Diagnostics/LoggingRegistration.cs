using System.Globalization;
using DenoiseApi.Input;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.Features;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// Logging through Serilog (Serilog.AspNetCore): levels, enrichers and extra sinks from the <c>Serilog</c> section;
/// the console as text or, with <c>Serilog:ConsoleFormat</c> = <c>CompactJson</c>, one compact JSON object per line
/// (<see cref="CompactJsonFormatter"/>); and one request-completion event per request from
/// <see cref="SerilogApplicationBuilderExtensions.UseSerilogRequestLogging(IApplicationBuilder, Action{Serilog.AspNetCore.RequestLoggingOptions})"/>.
/// </summary>
public static class LoggingRegistration
{
    /// <summary>The setting that picks the console format: <c>Text</c> (default) or <c>CompactJson</c>.</summary>
    public const string ConsoleFormatSetting = "Serilog:ConsoleFormat";

    /// <summary>The request event's message; every field is also a property of the event (and of a JSON line).</summary>
    public const string MessageTemplate =
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.000} ms (model {Model} {Version}, client {ClientId})";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The logger is this host's own, not the static Log.Logger: two hosts in one process (the tests) keep apart.
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services).Enrich.FromLogContext();
            var format = configuration[ConsoleFormatSetting];
            if (string.IsNullOrEmpty(format) || string.Equals(format, "Text", StringComparison.OrdinalIgnoreCase))
                logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
            else if (string.Equals(format, "CompactJson", StringComparison.OrdinalIgnoreCase))
                logger.WriteTo.Console(new CompactJsonFormatter());
            else
                throw new InvalidOperationException($"{ConsoleFormatSetting} '{format}' is not one of Text, CompactJson.");
        }, preserveStaticLogger: true);
        LoggerCache.Decorate(builder.Services);
        return builder;
    }

    /// <summary>
    /// One event per request when it ends: method, path (never the query or body), status code, elapsed time, and the
    /// model and version that answered, the denoiser a chained /classify ran first, the number of images, the
    /// correlation id and the client (key fingerprint or address). Server errors are logged as errors, probes and
    /// scrapes at Debug. Put it first, so that it sees every answer, the edge's refusals included.
    /// </summary>
    public static IApplicationBuilder UseServiceRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.GetLevel = static (context, _, exception) =>
                exception is not null ? LogEventLevel.Error
                : TelemetryRegistration.IsOperational(context.Request.Path) ? LogEventLevel.Debug
                : context.Response.StatusCode >= 500 ? LogEventLevel.Warning
                : LogEventLevel.Information;
            options.EnrichDiagnosticContext = static (log, context) =>
            {
                var served = context.Features.Get<IServedModelFeature>();
                log.Set("Model", served?.Model.Name ?? "-");
                log.Set("Version", served?.Model.Version);
                log.Set("Denoiser", served?.Denoiser?.Label ?? "-");
                log.Set("BatchSize", ImagesIn(context));
                log.Set(CorrelationId.PropertyName, context.Features.Get<CorrelationId>()?.Value);
                log.Set("ClientId", ClientIdentity.Of(context));
            };
        });

    /// <summary>
    /// How many images the request carried, without reading the body again: the files in the multipart field the
    /// endpoint already parsed (the form is cached in <see cref="IFormFeature"/>), or 1 for a raw image body.
    /// </summary>
    private static int ImagesIn(HttpContext context)
    {
        if (context.Features.Get<IFormFeature>()?.Form is { } form)
            return form.Files.Count(f => string.Equals(f.Name, ImageRequestReader.FieldName, StringComparison.OrdinalIgnoreCase));
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        return hasBody && !request.HasFormContentType && HttpMethods.IsPost(request.Method) ? 1 : 0;
    }
}
