using DenoiseApi.Apis;
using DenoiseApi.Diagnostics;
using DenoiseApi.Errors;
using DenoiseApi.Inference;
using DenoiseApi.Input;
using DenoiseApi.Options;
using DenoiseApi.Output;
using DenoiseApi.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceLogging();
builder.AddServiceTelemetry();
builder.Services.AddServiceOptions();
builder.Services.AddErrorHandling();
builder.Services.AddImageInput();
builder.Services.AddModelServing();
builder.Services.AddResponseJson();
builder.Services.AddApiDocumentation();
builder.Services.AddEdgeSecurity(builder.Configuration);

var app = builder.Build();

app.UseServiceRequestLogging();
app.UseEdgeSecurity();
app.UseErrorHandling();
app.UseDemoPage();
app.UseApiDocumentation();

app.MapHealthApi();
app.MapModelsApi();
app.MapInferenceApi();
app.MapMetricsApi();
app.MapNoiseApi();
app.MapDemoApi();

app.Run();

/// <summary>The service's entry point (public so integration tests can host it with WebApplicationFactory).</summary>
public partial class Program;
