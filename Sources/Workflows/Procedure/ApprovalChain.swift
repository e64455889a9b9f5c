import Ledger

/// One step of an approval procedure: who must approve, and the state that waits for it.
public struct ApprovalStep: Sendable, Equatable {
    /// The name recorded in the ledger, such as `section-head`.
    public var name: String
    public var role: Role
    /// The state of the item while it waits for this step.
    public var waitingState: String
}

/// An ordered list of approvals an item passes before it may go out. Dispatches use it
/// now; applications and repairs follow the same model.
public struct ApprovalChain: Sendable {
    public var steps: [ApprovalStep]

    /// The chain a ledger's approval mode asks for dispatches.
    public static func forDispatches(_ mode: ApprovalMode) -> ApprovalChain {
        let sectionHead = ApprovalStep(
            name: "section-head", role: .sectionHead,
            waitingState: DispatchState.awaitingSectionHead.rawValue)
        let director = ApprovalStep(
            name: "director", role: .director,
            waitingState: DispatchState.awaitingDirector.rawValue)
        switch mode {
        case .none: return ApprovalChain(steps: [])
        case .sectionHead: return ApprovalChain(steps: [sectionHead])
        case .sectionHeadAndDirector: return ApprovalChain(steps: [sectionHead, director])
        }
    }

    /// The step waiting in `state`, if any.
    public func step(waitingIn state: String) -> ApprovalStep? {
        steps.first { $0.waitingState == state }
    }

    /// The state after `step` is approved: the next step's, or `approvedState`.
    public func state(after step: ApprovalStep, approvedState: String) -> String {
        guard let index = steps.firstIndex(of: step), index + 1 < steps.count else {
            return approvedState
        }
        return steps[index + 1].waitingState
    }

    /// The state a new item starts in: waiting for the first step, or `draftState`.
    public func initialState(draftState: String) -> String {
        steps.first?.waitingState ?? draftState
    }
}

/// The acting person may not do what was asked (exit 77).
public struct PermissionError: CategorizedError {
    public var description: String
    public var category: FailureCategory { .notPermitted }

    public init(_ description: String) {
        self.description = description
    }
}
