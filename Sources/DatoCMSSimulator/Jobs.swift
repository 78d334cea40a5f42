import Foundation

/// How a job ended: the status and payload `GET /job-results/:id` reports.
struct JobOutcome: Sendable {
    var status: Int
    var payload: DatoCMSSimulator.JSON

    static func failure(_ error: APIError) -> JobOutcome { JobOutcome(status: error.status, payload: error.document) }

    /// Runs a job body that reports failures by throwing ``APIError``.
    static func catching(_ body: () throws -> JobOutcome) -> JobOutcome {
        do {
            return try body()
        } catch let error as APIError {
            return .failure(error)
        } catch {
            return .failure(APIError(status: 500, code: "INTERNAL_SERVER_ERROR", details: ["message": .string("\(error)")]))
        }
    }
}

/// An asynchronous operation started by a 202 answer.
struct Job: Sendable {
    typealias Work = @Sendable (inout SimulatorState, Date) -> JobOutcome

    let id: String
    let readyAt: ContinuousClock.Instant
    /// The deferred effect; runs once, at settlement. Validation of existence and uniqueness
    /// happens in here (as in the real API), so a job can fail with 404 or 422.
    var work: Work?
    var outcome: JobOutcome?
}

extension SimulatorState {
    /// Starts a job and answers `202 {"data": {"type": "job", "id": …}}`.
    mutating func startJob(_ work: @escaping Job.Work) -> Reply {
        let id = Identifiers.job()
        jobs[id] = Job(id: id, readyAt: .now + configuration.jobDuration, work: work)
        pendingJobIDs.append(id)
        return .json(202, ["data": ["type": "job", "id": .string(id)]])
    }

    /// Runs every job whose deadline has passed, oldest first.
    mutating func settleDueJobs(now: ContinuousClock.Instant) {
        while let id = pendingJobIDs.first, let job = jobs[id], job.readyAt <= now {
            pendingJobIDs.removeFirst()
            guard let work = job.work else { continue }
            jobs[id]?.work = nil
            let outcome = work(&self, Date())
            jobs[id]?.outcome = outcome
        }
    }

    /// `GET /job-results/:id`: 404 while the job runs (as the real API does), then its outcome.
    func showJobResult(_ request: APIRequest) throws -> Reply {
        guard let job = jobs[request.parameter], let outcome = job.outcome else { throw APIError.notFound }
        return .resource(200, [
            "type": "job_result",
            "id": .string(job.id),
            "attributes": [
                "status": .number(Double(outcome.status)),
                "statusText": .string(HTTPStatus.reason(for: outcome.status)),
                "payload": outcome.payload,
            ],
        ])
    }
}
