using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Input;

namespace DenoiseApi.Apis;

/// <summary>
/// The steps every image endpoint shares, before its handler runs and before the body is read: the query's values are
/// checked (<see cref="IImageQuery.Check"/>), and a request whose model queue is full is refused at once (503 with
/// Retry-After). An unknown model is reported by the handler's model call, after the image has been checked.
/// </summary>
internal sealed class ModelRequestFilter(ModelInvoker invoker) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not IImageQuery query) continue;
            if (query.Check() is { } invalid) return Problems.For(invalid, context.HttpContext);
            if (query is not IModelQuery models) continue;
            foreach (var (kind, selection) in models.Models(invoker))
            {
                if (invoker.RefuseIfOverloaded(kind, selection) is { } overloaded) return Problems.For(overloaded, context.HttpContext);
            }
        }
        return await next(context);
    }
}
