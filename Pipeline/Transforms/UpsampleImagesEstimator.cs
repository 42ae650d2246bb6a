using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>
/// Turns 28×28 grey images into a model's input, row by row inside the cursor: upsampled with ImageSharp (or passed
/// through for 28×28 models) and multiplied by the pixel scale, as the model's contract says.
/// Reached as <c>mlContext.Transforms.UpsampleImages(UpsampleImagesOptions.For(contract))</c>.
/// </summary>
/// <remarks>
/// The fitted transform is ML.NET's CustomMapping transform bound to a registered, versioned factory
/// (<see cref="UpsampleBilinear224Factory"/>, <see cref="ModelInput28Factory"/>), so model.zip saves and loads with ML.NET's own
/// <c>mlContext.Model.Save/Load</c>. ML.NET 5 keeps its loader-signature API internal, which rules out a hand-written
/// <c>ICanSaveModel</c> loader outside ML.NET's own assemblies.
/// </remarks>
public sealed class UpsampleImagesEstimator : IEstimator<ITransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly UpsampleImagesOptions _options;

    /// <summary>Creates the estimator; <paramref name="options"/> are validated now.</summary>
    public UpsampleImagesEstimator(TransformsCatalog catalog, UpsampleImagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _catalog = catalog;
        _options = options;
    }

    /// <summary>
    /// Registers this assembly's mapping factories with <paramref name="mlContext"/>. Call it before
    /// <c>mlContext.Model.Load</c> of a model.zip that holds the transform.
    /// </summary>
    public static void RegisterFactories(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.ComponentCatalog.RegisterAssembly(typeof(UpsampleImagesEstimator).Assembly);
    }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return Inner().Fit(input);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column column = inputSchema.FirstOrDefault(c => c.Name == _options.InputColumnName);
        if (column.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{_options.InputColumnName}' not found; expected a vector of {FashionMnistImage.Pixels} Byte.");
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Byte)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{_options.InputColumnName}' has type {column.ItemType} ({column.Kind}); expected a vector of {FashionMnistImage.Pixels} Byte.");
        }

        return Inner().GetOutputSchema(inputSchema);
    }

    private void CheckInput(DataViewSchema schema)
    {
        DataViewSchema.Column? column = schema.GetColumnOrNull(_options.InputColumnName);
        if (column is null)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{_options.InputColumnName}' not found; expected Vector<Byte, {FashionMnistImage.Pixels}>.");
        }

        if (column.Value.Type is not VectorDataViewType { ItemType: var item, Size: FashionMnistImage.Pixels } || item != NumberDataViewType.Byte)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{_options.InputColumnName}' has type {column.Value.Type}; expected Vector<Byte, {FashionMnistImage.Pixels}>.");
        }
    }

    // The registered mapping scales by 1/255; a model that declares another pixel scale gets ML.NET's Expression
    // transform on top, multiplying by the ratio, so the scale that reaches the model is always the contract's.
    private IEstimator<ITransformer> Inner()
    {
        IEstimator<ITransformer> mapping = UpsampleMappings.Create(_catalog, _options.Resize, _options.Side);
        double ratio = _options.PixelScale / UpsampleMappings.RegisteredScale;
        if (Math.Abs(ratio - 1) < 1e-7)
        {
            return mapping;
        }

        string expression = $"x => x * {ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";
        return mapping.Append(_catalog.Expression(FashionMnistColumns.Image, expression, FashionMnistColumns.Image));
    }
}
