using Microsoft.AspNetCore.Diagnostics;

namespace DenoiseApi.Errors;

/// <summary>
/// The last line of defence: any exception a handler did not turn into a <see cref="Failure"/> becomes a ProblemDetails
/// answer without its message or stack (those go to the log), and the process keeps serving. Unreadable requests that
/// ASP.NET Core itself rejects (body over Kestrel's limit, broken framing) keep their 4xx status.
/// </summary>
internal sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var failure = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Failure.TooLarge("The request body is over the size limit."),
            // Query binding (RouteHandlerOptions.ThrowOnBadRequest): which value, and what it may be.
            BadHttpRequestException when Input.QueryProblems.Explain(context, context.Features.Get<IExceptionHandlerFeature>()?.Endpoint) is { } query => query,
            BadHttpRequestException => Failure.Malformed("The request could not be read."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => new Failure(FailureKind.DeadlineExceeded, "The client disconnected."),
            _ => null,
        };
        if (failure is null)
        {
            Log.UnhandledException(logger, exception, context.Request.Method, context.Request.Path);
            failure = new Failure(FailureKind.Internal, "The error is in the service log.");
        }
        if (context.Response.HasStarted) return true;

        await Problems.WriteAsync(context, failure);
        return true;
    }
}

/// <summary>Registers and enables the error handling: ProblemDetails for every failure, no stack traces for clients.</summary>
public static class ErrorHandling
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // A query value that does not bind throws, so the exception handler answers it from the Problems table.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        return services;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
