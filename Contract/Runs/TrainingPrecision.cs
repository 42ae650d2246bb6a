namespace AlexNetMl.Contract.Runs;

/// <summary>Arithmetic of forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>float32 throughout.</summary>
    Fp32,

    /// <summary>bfloat16 forward and backward with float32 master weights (mixed precision).</summary>
    Bf16,
}
