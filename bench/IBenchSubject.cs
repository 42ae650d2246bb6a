namespace AlexNetMl.Bench;

/// <summary>One measured subject of the benchmark: it adds its figures and notes to the context.</summary>
public interface IBenchSubject
{
    void Run(BenchContext context);
}
