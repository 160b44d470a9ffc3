using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Input;
using DenoiseApi.ModelStore;
using DenoiseApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DenoiseApi.Apis;

/// <summary>
/// The demo page and what only it needs: the page itself (static files under <c>/demo/</c>, with <c>/</c> leading
/// there) and <c>GET /models/{name}/projection</c>, the 2-D PCA map of test-set latents that the page places the
/// user's digit on. The projection is precomputed next to the encoder (<see cref="ProjectionFile"/>) by
/// <c>scripts/latent-projection.cs</c>, since a container has no MNIST to compute it from.
/// </summary>
public static class DemoApi
{
    /// <summary>Where the page lives.</summary>
    public const string PagePath = "/demo/";

    /// <summary>File name of an encoder's precomputed latent projection inside its version folder.</summary>
    public const string ProjectionFile = "latent-projection.json";

    /// <summary>
    /// Serves <c>wwwroot</c> (the page's HTML, CSS and JS) with <c>/demo/</c> answering its index.html. Only GET and HEAD
    /// requests pass through the file middleware: an inference POST skips it.
    /// </summary>
    public static IApplicationBuilder UseDemoPage(this IApplicationBuilder app) =>
        app.UseWhen(static context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method), page =>
        {
            page.UseDefaultFiles();
            page.UseStaticFiles();
        });

    public static IEndpointRouteBuilder MapDemoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect(PagePath))
            .ExcludeFromDescription();

        app.MapGet("/models/{name}/projection", Projection)
            .WithTags("Models")
            .WithName("LatentProjection")
            .RequireApiKey()
            .WithSummary("A 2-D PCA map of an encoder's test-set latents, to place a digit's latent on")
            .WithDescription("Mean and two principal components of the encoder's latents over the MNIST test set, and a sample of " +
                "test digits projected on them (x, y, digit). A latent z is placed at ((z - mean) · components[0], (z - mean) · components[1]).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The precomputed projection of the serving version of encoder <paramref name="name"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="repository">The loaded models.</param>
    /// <param name="name">The encoder's name.</param>
    /// <param name="version">Its version (default: the one /encode uses).</param>
    internal static Results<PhysicalFileHttpResult, ProblemHttpResult> Projection(
        HttpContext context, ModelRepository repository, [FromRoute] string name, [FromQuery] int? version)
    {
        if (ModelQuery.Check(name, version) is { } invalid) return Problems.For(invalid, context);
        if (!repository.Resolve(ModelKind.Encoder, name, version).TryGet(out var model, out var failure))
            return Problems.For(failure, context);
        var path = Path.GetFullPath(Path.Combine(model.Directory, ProjectionFile));
        if (!File.Exists(path))
        {
            return Problems.For(new Failure(FailureKind.UnknownModel,
                $"Encoder {model.Label} has no {ProjectionFile}; make one with: dotnet run scripts/latent-projection.cs -- --model {model.Directory}"), context);
        }
        return TypedResults.PhysicalFile(path, "application/json", lastModified: File.GetLastWriteTimeUtc(path));
    }
}
