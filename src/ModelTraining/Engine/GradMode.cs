namespace DenoiseApi.Training.Engine;

/// <summary>
/// Whether ops record the autograd graph on the current thread. Inside <see cref="Disable"/> (inference, evaluation)
/// results have no parents and no backward rule, so nothing is kept alive for a backward pass.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    /// <summary>True unless a <see cref="Disable"/> scope is open on this thread.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    /// <summary>Turns graph recording off until the returned scope is disposed (scopes nest).</summary>
    public static NoGradScope Disable()
    {
        disabledDepth++;
        return new NoGradScope(true);
    }

    /// <summary>Ends a <see cref="Disable"/> scope.</summary>
    public readonly struct NoGradScope : IDisposable, IEquatable<NoGradScope>
    {
        private readonly bool active;

        internal NoGradScope(bool active) => this.active = active;

        public void Dispose()
        {
            if (active && disabledDepth > 0) disabledDepth--;
        }

        public bool Equals(NoGradScope other) => active == other.active;

        public override bool Equals(object? obj) => obj is NoGradScope other && Equals(other);

        public override int GetHashCode() => active.GetHashCode();

        public static bool operator ==(NoGradScope left, NoGradScope right) => left.Equals(right);

        public static bool operator !=(NoGradScope left, NoGradScope right) => !left.Equals(right);
    }
}
