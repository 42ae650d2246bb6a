using AlexNetMl.Inference.Serving.Grpc.Wire;
using AlexNetMl.Inference.Serving.Protocol;
using Google.Protobuf;
using Grpc.Core;
using ModelMetadataResponse = AlexNetMl.Inference.Serving.Grpc.Wire.ModelMetadataResponse;
using ServerMetadataResponse = AlexNetMl.Inference.Serving.Grpc.Wire.ServerMetadataResponse;

namespace AlexNetMl.Inference.Serving.Grpc;

/// <summary>
/// <c>inference.GRPCInferenceService</c>: the Open Inference Protocol over gRPC, answered by the same
/// <see cref="ModelEndpoint"/> as REST. Inputs come as <c>contents.fp32_contents</c> or <c>raw_input_contents</c>;
/// outputs go back in <c>raw_output_contents</c>. Errors are gRPC statuses carrying REST's message.
/// </summary>
public sealed class OpenInferenceGrpcService(ModelEndpoint model) : GRPCInferenceService.GRPCInferenceServiceBase
{
    /// <inheritdoc/>
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    /// <inheritdoc/>
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = model.IsReady });

    /// <inheritdoc/>
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            model.CheckModel(request.Name, request.Version);
            return Task.FromResult(new ModelReadyResponse { Ready = true });
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.Unavailable)
        {
            return Task.FromResult(new ModelReadyResponse { Ready = false });
        }
        catch (InferenceException e)
        {
            throw StatusOf(e);
        }
    }

    /// <inheritdoc/>
    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var metadata = ModelEndpoint.ServerMetadata;
        return Task.FromResult(new ServerMetadataResponse { Name = metadata.Name, Version = metadata.Version, Extensions = { metadata.Extensions } });
    }

    /// <inheritdoc/>
    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            model.CheckModel(request.Name, request.Version);
        }
        catch (InferenceException e)
        {
            throw StatusOf(e);
        }

        var metadata = model.Metadata();
        static ModelMetadataResponse.Types.TensorMetadata Tensor(TensorMetadata t) => new() { Name = t.Name, Datatype = t.Datatype, Shape = { t.Shape } };
        return Task.FromResult(new ModelMetadataResponse
        {
            Name = metadata.Name,
            Versions = { metadata.Versions },
            Platform = metadata.Platform,
            Inputs = { metadata.Inputs.Select(Tensor) },
            Outputs = { metadata.Outputs.Select(Tensor) },
        });
    }

    /// <inheritdoc/>
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            InferenceOutcome outcome = await model.InferAsync(ToCall(request), context.CancellationToken);
            var response = new ModelInferResponse { ModelName = outcome.ModelName, ModelVersion = outcome.ModelVersion, Id = outcome.Id ?? "" };
            foreach (OutputTensor output in outcome.Outputs)
            {
                response.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype, Shape = { output.Shape } });
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(output.ToRawBytes()));
            }

            return response;
        }
        catch (InferenceException e)
        {
            throw StatusOf(e);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The client cancelled the call."));
        }
    }

    /// <summary>The gRPC status for each kind of error, with the error's message.</summary>
    public static RpcException StatusOf(InferenceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        StatusCode code = error.Kind switch
        {
            InferenceErrorKind.InvalidArgument => StatusCode.InvalidArgument,
            InferenceErrorKind.NotFound => StatusCode.NotFound,
            InferenceErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
            InferenceErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
            InferenceErrorKind.Internal => StatusCode.Internal,
            _ => StatusCode.Unavailable,
        };
        return new RpcException(new Status(code, error.Message));
    }

    private static InferenceCall ToCall(ModelInferRequest request)
    {
        bool raw = request.RawInputContents.Count > 0;
        if (raw && request.RawInputContents.Count != request.Inputs.Count)
        {
            throw new InferenceException($"raw_input_contents has {request.RawInputContents.Count} entries for {request.Inputs.Count} inputs; give one per input, in input order.");
        }

        var inputs = request.Inputs.Select((input, i) =>
        {
            if (raw && input.Contents is not null)
            {
                throw new InferenceException($"Input '{input.Name}' has contents while raw_input_contents is used; send one or the other.");
            }

            TensorData data = raw ? new RawTensorData(request.RawInputContents[i].Memory) : new Fp32TensorData(input.Contents?.Fp32Contents ?? (IReadOnlyList<float>)[]);
            return new InputTensor(input.Name, input.Datatype, input.Shape, data, Parameters(input.Parameters));
        }).ToArray();
        var outputs = request.Outputs.Select(o => new RequestedOutput(o.Name, Parameters(o.Parameters))).ToArray();
        return new InferenceCall(request.ModelName, request.ModelVersion, request.Id.Length == 0 ? null : request.Id, inputs, outputs, Parameters(request.Parameters));
    }

    private static Dictionary<string, ParameterValue> Parameters(IDictionary<string, InferParameter> parameters) =>
        parameters.ToDictionary(p => p.Key, p => p.Value.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.BoolParam => new ParameterValue(BoolValue: p.Value.BoolParam),
            InferParameter.ParameterChoiceOneofCase.Int64Param => new ParameterValue(IntValue: p.Value.Int64Param),
            InferParameter.ParameterChoiceOneofCase.StringParam => new ParameterValue(StringValue: p.Value.StringParam),
            _ => new ParameterValue(Unsupported: "unset"),
        });
}
